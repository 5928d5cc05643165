// What each Stowage tracing channel carries (diagnostic-channels.ts). A context is created when an
// operation starts; the fields marked "when it returns" are filled in before the channel's
// asyncEnd, and Node adds `result` (the call's own resolved value: rows, cached values) or `error`.
// Stowage's fields never hold a value an application stores — filter operands, rows, cache values —
// only names, counts and parameterised SQL; a subscriber that exports what it sees (spans, logs)
// must read those fields and never `result`.
import type { ObjectOperation } from '../objects/facade/object-store-backend.ts';

/** The repository operations, as the contract names them. */
export type RepositoryOperationName =
  | 'findById'
  | 'getById'
  | 'findOne'
  | 'find'
  | 'findPage'
  | 'count'
  | 'exists'
  | 'create'
  | 'createMany'
  | 'update'
  | 'delete'
  | 'upsert'
  | 'search'
  | 'aggregate'
  | 'stream';

/** `stowage:repository`: one repository call. */
export interface RepositoryOperationContext {
  /** The database driver as configured: 'postgres', 'mysql', 'mariadb', 'sqlite'. */
  readonly system: string;
  /** The database (or schema) the table is in, when known. */
  readonly namespace: string | undefined;
  /**
   * The server's host (or socket path) and port, as configured; absent for SQLite, and for a
   * read outside a transaction when replicas are configured (the driver picks one per query).
   */
  readonly serverAddress?: string;
  readonly serverPort?: number;
  readonly entity: string;
  /** The table the entity is stored in. */
  readonly collection: string;
  readonly operation: RepositoryOperationName;
  /** True inside a unit of work (the transaction's connection). */
  readonly inTransaction: boolean;
  /** When it returns: rows returned, written or counted. */
  rows?: number;
}

/** The reads a cached repository serves through the cache. */
export type EntityCacheReadName = 'findById' | 'getById' | 'findOne';

/**
 * `stowage:entity-cache`: one read of a cached repository (an entity with `cache: { ttl }`) that
 * went through the cache — outside a transaction, by id or a whole unique key — holding its
 * cache calls (getOrLease, fillLease) and, on a miss, the database's repository call.
 */
export interface EntityCacheReadContext {
  readonly entity: string;
  readonly operation: EntityCacheReadName;
  /** When it returns: `hit` — served by the cache; `miss` — read from the database. */
  outcome?: 'hit' | 'miss';
}

/** `stowage:sql-statement` (a plain channel): one statement sent, parameterised, never its values. */
export interface SqlStatementMessage {
  readonly system: string;
  /** The entity of the repository call that sent it; undefined for a `tx.sql` / `stowage.sql` statement. */
  readonly entity: string | undefined;
  /** The SQL text with placeholders, as the driver receives it. */
  readonly query: string;
}

/**
 * What a cache read found. Never a value served stale: this cache returns only entries that are
 * still valid, so every outcome but `hit` means the caller got no value from the cache.
 * - `hit`: a valid entry; its value was returned.
 * - `miss`: nothing usable — no entry, an expired one, one that cannot be decoded (counted in
 *   stats().errors), one written with another codec; for getOrLease also a store without leases
 *   (the lease can never fill).
 * - `lease` (getOrLease): a miss whose lease this caller holds and can fill with fillLease().
 * - `stale`: the key held an entry an invalidation had voided — invalidate()'s tombstone, a tag
 *   bumped by invalidateTags(), or an invalidation of the key still waiting for its retry. For
 *   getOrLease the lease fills over a tombstone or a bumped tag, never while a retry waits.
 * - `fail-open`: the store failed or timed out; the caller went on without the cache.
 */
export type CacheOutcome = 'hit' | 'miss' | 'lease' | 'stale' | 'fail-open';

export type CacheOperationName =
  | 'get'
  | 'getMany'
  | 'has'
  | 'set'
  | 'setMany'
  | 'delete'
  | 'deleteMany'
  | 'invalidate'
  | 'invalidateTags'
  | 'wrap'
  | 'getOrLease'
  | 'fillLease'
  | 'clear';

/**
 * `stowage:cache`: one Cache call, from its arguments' checks (a bad key or a value that cannot be
 * serialized is the call's error event) to its answer. wrap()'s trace holds its loader, so what
 * the loader does (a repository call) nests under it.
 *
 * `outcome`, per operation, when it returns:
 * - get, has, getOrLease: the key's outcome as CacheOutcome says.
 * - getMany: `hit` when every key hit, else the first of `fail-open`, `miss`, `stale` that one of
 *   its keys met; `hits` counts the keys that hit.
 * - wrap: the first of `fail-open`, `miss`, `stale`, `hit` that the call's flight met — `hit`:
 *   the cached value, the loader not called; `miss` or `stale`: the loader's value (or, under
 *   Redis's lock, the value another process loaded meanwhile); `fail-open`: a cache step failed
 *   (the read, the lock, the tag versions or the write) and the value went uncached or unread. A
 *   call that joined another caller's in-process flight has `shared` and that flight's outcome.
 * - set, setMany, delete, deleteMany, invalidate, invalidateTags, fillLease, clear: `fail-open`
 *   when the store failed and the write was skipped (invalidate: queued for its retry); absent
 *   when the store did its part. fillLease's own answer (stored or not) is Node's `result`.
 */
export interface CacheOperationContext {
  /** The cache backend: 'redis', 'memory', … */
  readonly backend: string;
  /** The full namespace of the view called (e.g. 'app:users'). */
  readonly namespace: string;
  readonly operation: CacheOperationName;
  /** Keys the call names (entries, for setMany); 0 for clear and invalidateTags. */
  readonly keys: number;
  /** Tags the call names (invalidateTags). */
  readonly tags?: number;
  /** When it returns: see above. */
  outcome?: CacheOutcome;
  /** When it returns (getMany): keys that hit. */
  hits?: number;
  /** wrap: the call joined another caller's in-process flight and read nothing itself. */
  shared?: boolean;
  /** When it returns: answered from the near cache alone, with no round trip (CACHE_NEAR). */
  near?: boolean;
}

/** The backend's operations, and getBytes (a get read whole). */
export type ObjectOperationName = ObjectOperation | 'getBytes';

/** `stowage:objects`: one object-store call. */
export interface ObjectOperationContext {
  /** The store backend, as ObjectStore.backend names it: 'minio' (S3), 'gcs', 'local-fs', 'memory'. */
  readonly store: string;
  /** The bucket, for stores that have one (S3, GCS). */
  readonly bucket?: string;
  readonly operation: ObjectOperationName;
  /** The object's key (the source, for copy and move), when the call names one. */
  readonly key: string | undefined;
  /** When it returns: bytes written (put) or read (getBytes; get: the object's or range's size). */
  bytes?: number;
  /** When it returns: objects listed or deleted. */
  objects?: number;
}

export type UnitOfWorkOperationName =
  | 'transaction'
  | 'begin'
  | 'savepoint'
  | 'commit'
  | 'rollback'
  | 'promote'
  | 'recover';

/**
 * `stowage:unit-of-work`. One trace per `stowage.transaction()` (`transaction`), holding its
 * callback — so the callback's repository, cache and object calls nest under it, and `begin`
 * when its first database call opens the database transaction (from asking for a connection to
 * the transaction begun), and `savepoint` around each nested `tx.transaction()` — and then
 * either `commit` (the database commit, with the outbox row as its last statements; a
 * transaction that made no database call and recorded no step has none) followed by `promote`,
 * or `rollback`. `promote` is applying one committed transaction's outbox entry: the staged
 * bodies placed at their keys, deletes, copies, moves, cache invalidations, the entry removed —
 * by the committing process, by recover(), or by a process that took an abandoned entry over
 * while it waited for it (`takenOver`). `recover` is one stowage.recover() call, with a
 * `promote` per entry it applied.
 *
 * Errors: a failed callback is the transaction's error, a failed commit is commit's (and the
 * transaction's); a step that fails after the commit is promote's UnavailableError, a staged
 * body found lost its IntegrityError — both with `context.committed: true`, and the
 * transaction's error too, its own `committed` then true.
 */
export interface UnitOfWorkContext {
  readonly operation: UnitOfWorkOperationName;
  /** The transaction's id (its outbox row's, in its staging folder's name); undefined for recover. */
  readonly transactionId: string | undefined;
  /** promote: the entry is another process's, taken over once its claim had run out (recover, or a wait for it). */
  readonly takenOver?: boolean;
  /**
   * transaction (when it returns), commit: steps recorded for after the commit (object steps,
   * then one invalidation per cache namespace and one for tags); a commit with 0 wrote no
   * outbox row. promote: the entry's steps.
   */
  steps?: number;
  /**
   * When it returns. transaction: bodies staged by tx.objects.put(). promote, recover: staged
   * bodies now at their keys (a re-run finding one already placed counts it). rollback: staged
   * bodies removed (0 when the removal failed: recover()'s sweep takes them later).
   */
  objects?: number;
  /** When it returns (promote, recover): staged bodies gone while their key did not hold them. */
  lost?: number;
  /**
   * When it returns (transaction): the callback resolved and its database work committed (true
   * with nothing to commit) — also when a step after the commit failed and the call rejects.
   * False when the callback or the commit failed: rolled back.
   */
  committed?: boolean;
  /** When it returns (recover): outbox entries applied. */
  entries?: number;
  /** When it returns (recover): entries left to a live owner or to another recovery. */
  skipped?: number;
  /** When it returns (recover): abandoned staging folders removed. */
  folders?: number;
}

export type CliOperationName = 'backup' | 'restore' | 'verify';

/**
 * `stowage:cli`: `stowage backup create` (`backup`), `backup restore` and `backup verify`, from
 * the dump's start (or the download's) to the checked result. A failure is the error event with
 * the typed error the command reports (an IntegrityError for a corrupt download or a restore that
 * differs from the backup, PreconditionFailedError for a target that is not empty, …).
 */
export interface CliOperationContext {
  readonly operation: CliOperationName;
  /** The database driver whose tool dumps or restores: 'postgres', 'mysql', 'sqlite'. */
  readonly driver: string;
  /** The backup's id, its folder in the backup store (`<id>/dump.gz`, `<id>/manifest.json`). */
  readonly key: string;
  /** When it returns: the backup's stored (gzip) size in bytes — written, or read and checked. */
  bytes?: number;
  /** When it returns: tables backed up, restored or verified (row counts and checksums compared). */
  tables?: number;
  /** When it returns: rows in those tables, as the backup's manifest counted them. */
  rows?: number;
}
