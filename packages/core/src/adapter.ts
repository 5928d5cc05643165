// @stowage/core/adapter: what an adapter package needs beside the application's entry point — the
// module contract it satisfies, the keyv cache every cache adapter wraps, the cached repository
// (caching any repository over any cache, for a Database you compose yourself), the object-store facade
// (objectStoreOver: every argument checked and every failure wrapped once, over a backend that only
// does I/O) with the kit its backends read bodies, ranges and listings with, and the URL and TLS
// rules for config values adapters check themselves.
export type { KeyvCacheStore } from './cache/keyv-backend.ts';
export { createKeyvCache, type KeyvCacheOptions } from './cache/keyv-cache.ts';
export type { LeaseStore } from './cache/lease-store.ts';
export type { NearCacheOptions } from './cache/near/near-cache.ts';
export type { NearLink, NearLinkListener } from './cache/near/near-link.ts';
export type { ClearPrefix } from './cache/prefix-clear.ts';
export { type CachedRepositoryOptions, cachedRepository } from './cached/cached-repository.ts';
export {
  DEFAULT_CACHE_NAMESPACE,
  DEFAULT_CACHE_TIMEOUT_MS,
  DEFAULT_OBJECTS_ROOT,
  DEFAULT_SQLITE_PATH,
} from './config/embedded-defaults.ts';
export { type UrlRule, urlProblem } from './config/url-rule.ts';
export { publishStatement } from './diagnostics/diagnostic-channels.ts';
export { traced } from './diagnostics/traced.ts';
export { baseDefinition } from './entity/relations.ts';
export { redactUrl, shownUrl } from './errors/redact.ts';
export { isUnverifiedCertificate } from './errors/tls-errors.ts';
export type * from './factory/adapter-module.ts';
export { type AbortWait, abortWait } from './objects/facade/abort-wait.ts';
export { bodyChunks, throwIfAborted } from './objects/facade/body-source.ts';
export { type ResolvedRange, resolveByteRange } from './objects/facade/byte-range.ts';
export { compareKeys as compareObjectKeys } from './objects/facade/key-order.ts';
export { encodeCursor as encodeListCursor } from './objects/facade/list-cursor.ts';
export { isPastPosition as isPastListPosition, type ListPosition } from './objects/facade/list-position.ts';
export { type ListRequest, MAX_LIST_PAGE_SIZE } from './objects/facade/list-request.ts';
export { mapLimit } from './objects/facade/map-limit.ts';
export { decodeMetadataValue, encodeMetadataValue } from './objects/facade/metadata-value.ts';
export type {
  ObjectCallSite,
  ObjectOperation,
  ObjectStoreBackend,
} from './objects/facade/object-store-backend.ts';
export { objectStoreOver } from './objects/facade/object-store-over.ts';
export { DEFAULT_CONTENT_TYPE, type ResolvedPutOptions } from './objects/facade/put-options.ts';
export { SourceFailure, tagSourceErrors } from './objects/facade/source-failure.ts';
