// The in-process object stores, plus the pieces remote stores reuse so every ObjectStore checks
// options, orders keys and reads bodies the same way.
export { bodyChunks } from './body-source.ts';
export { type ResolvedRange, resolveByteRange } from './byte-range.ts';
export { compareKeys as compareObjectKeys } from './key-order.ts';
export { MAX_LIST_PAGE_SIZE } from './list-request.ts';
export { createLocalObjectStore, type LocalObjectStoreOptions } from './local-fs-object-store.ts';
export { createMemoryObjectStore } from './memory-object-store.ts';
export { DEFAULT_CONTENT_TYPE, type ResolvedPutOptions, resolvePutOptions } from './put-options.ts';
