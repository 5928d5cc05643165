export {
  type ConnectionFailureConformanceOptions,
  connectionFailureConformance,
} from './connection-failure-conformance.ts';
