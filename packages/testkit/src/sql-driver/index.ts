// Every suite one SQL driver package runs, from one description of the driver.
export type {
  SqlDriverCapabilities,
  SqlDriverConformanceOptions,
  SqlDriverDatabase,
  SqlDriverServer,
} from './options.ts';
export { sqlDriverConformance } from './sql-driver-conformance.ts';
