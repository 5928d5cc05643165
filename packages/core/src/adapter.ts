// @stowage/core/adapter: what an adapter package needs beside the application's entry point — the
// module contract it satisfies, the keyv cache every cache adapter wraps, the object-store kit
// (options, ranges, cursors, bodies checked and read the same way by every store), and the URL and
// TLS rules for config values adapters check themselves.
export type { KeyvCacheStore } from './cache/keyv-backend.ts';
export { createKeyvCache, type KeyvCacheOptions } from './cache/keyv-cache.ts';
export type { LeaseStore } from './cache/lease-store.ts';
export type { ClearPrefix } from './cache/prefix-clear.ts';
export {
  DEFAULT_CACHE_NAMESPACE,
  DEFAULT_CACHE_TIMEOUT_MS,
  DEFAULT_OBJECTS_ROOT,
  DEFAULT_SQLITE_PATH,
} from './config/embedded-defaults.ts';
export { type UrlRule, urlProblem } from './config/url-rule.ts';
export { redactUrl, shownUrl } from './errors/redact.ts';
export { isUnverifiedCertificate } from './errors/tls-errors.ts';
export type * from './factory/adapter-module.ts';
export { assertDeletablePrefix } from './keys/object-key.ts';
export { type AbortWait, abortWait } from './objects/abort-wait.ts';
export { assertObjectBody, bodyChunks, throwIfAborted } from './objects/body-source.ts';
export { assertByteRangeShape, type ResolvedRange, resolveByteRange } from './objects/byte-range.ts';
export { compareKeys as compareObjectKeys } from './objects/key-order.ts';
export { listAllPages } from './objects/list-all.ts';
export { decodeCursor as decodeListCursor, encodeCursor as encodeListCursor } from './objects/list-cursor.ts';
export { isPastPosition as isPastListPosition, type ListPosition } from './objects/list-position.ts';
export { type ListRequest, MAX_LIST_PAGE_SIZE, resolveListRequest } from './objects/list-request.ts';
export { mapLimit } from './objects/map-limit.ts';
export { decodeMetadataValue, encodeMetadataValue } from './objects/metadata-value.ts';
export { DEFAULT_CONTENT_TYPE, type ResolvedPutOptions, resolvePutOptions } from './objects/put-options.ts';
export { resolveSignedUrlOptions } from './objects/signed-url-options.ts';
