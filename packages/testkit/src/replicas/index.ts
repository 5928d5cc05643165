export { replicaConformance } from './replica-conformance.ts';
export type { ReplicaConformanceOptions } from './suite-context.ts';
