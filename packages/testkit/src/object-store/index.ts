// The object store conformance suite: run it from a vitest file against every ObjectStore.
export { objectStoreConformance } from './object-store-conformance.ts';
export type { ObjectStoreCapabilities, ObjectStoreConformanceOptions } from './suite-context.ts';
