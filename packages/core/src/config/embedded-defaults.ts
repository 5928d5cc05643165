// Where the embedded backends keep their data when configuration names no other place: one
// `data/` folder beside the application, as the examples and templates expect.

/** The SQLite file used when no database is configured but entities are registered. */
export const DEFAULT_SQLITE_PATH = './data/stowage.sqlite';
/** The local-file object store's root. */
export const DEFAULT_OBJECTS_ROOT = './data/objects';
export const DEFAULT_CACHE_NAMESPACE = 'stowage';
/** Per-operation timeout for remote caches: a slow cache is treated like a missing one. */
export const DEFAULT_CACHE_TIMEOUT_MS = 50;
