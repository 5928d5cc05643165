export { cacheConformance } from './cache-conformance.ts';
export type { CacheConformanceCreateOptions, CacheConformanceOptions } from './conformance-context.ts';
