// The cross-store unit-of-work suite: run it from a vitest file with a database, an object store
// and a cache (the database half alone is unitOfWorkConformance in ../repository).
export { crossStoreConformance } from './cross-store-conformance.ts';
export { CrossStoreDocument, crossStoreEntities } from './entities.ts';
export type { CrossStoreBackends, CrossStoreConformanceOptions } from './suite-context.ts';
