// The in-process object stores, plus the pieces remote stores reuse so every ObjectStore checks
// options, orders keys and reads bodies the same way.
export { type AbortWait, abortWait } from './abort-wait.ts';
export { assertObjectBody, bodyChunks, throwIfAborted } from './body-source.ts';
export { assertByteRangeShape, type ResolvedRange, resolveByteRange } from './byte-range.ts';
export { compareKeys as compareObjectKeys } from './key-order.ts';
export { listAllPages } from './list-all.ts';
export { decodeCursor as decodeListCursor, encodeCursor as encodeListCursor } from './list-cursor.ts';
export { isPastPosition as isPastListPosition, type ListPosition } from './list-position.ts';
export { type ListRequest, MAX_LIST_PAGE_SIZE, resolveListRequest } from './list-request.ts';
export { createLocalObjectStore, type LocalObjectStoreOptions } from './local-fs-object-store.ts';
export { mapLimit } from './map-limit.ts';
export { createMemoryObjectStore } from './memory-object-store.ts';
export { decodeMetadataValue, encodeMetadataValue } from './metadata-value.ts';
export {
  DEFAULT_CONTENT_TYPE,
  MAX_METADATA_BYTES,
  type ResolvedPutOptions,
  resolvePutOptions,
} from './put-options.ts';
export { MAX_SIGNED_URL_SECONDS, resolveSignedUrlOptions } from './signed-url-options.ts';
