// A repository that reads through the cache: findById, and findOne by a whole unique key, are
// served from cache entries filled under leases (getOrLease / fillLease), so a reader that
// loaded a row before a write cannot put it back after the write's invalidation. Writes go to
// the repository and then invalidate the row's entry — after the write has committed: at once
// outside a transaction, after the outermost commit inside one (never on rollback; see
// createStowage). Inside a transaction reads bypass the cache, which must never hold
// uncommitted rows. Unique-key entries only point at a primary key and are checked against the
// row they lead to, so a write that changes unique values needs no pointer invalidation.
// Each read served through the cache is one trace on `stowage:entity-cache`, with its outcome.
import type { Cache } from '../contracts/cache.ts';
import type { Filter, Repository } from '../contracts/repository.ts';
import { entityCacheChannel } from '../diagnostics/diagnostic-channels.ts';
import type { EntityCacheReadContext, EntityCacheReadName } from '../diagnostics/diagnostic-contexts.ts';
import { traced } from '../diagnostics/traced.ts';
import type { EntityDefinition } from '../entity/define-entity.ts';
import { NotFoundError } from '../errors/error-classes.ts';
import { matches, rowKey, uniqueLookup } from './entity-cache-keys.ts';
import { rowCodecFor } from './row-codec.ts';

export interface CachedRepositoryOptions {
  /** How long a cached row lives, in milliseconds. */
  ttl: number;
  /**
   * Where the keys a write touched go once it has returned. Default: invalidated at once. A
   * transaction passes a collector and invalidates after its commit.
   */
  invalidate?: (keys: readonly string[]) => Promise<void>;
  /** Inside a transaction: reads go to the repository, only invalidations are recorded. */
  inTransaction?: boolean;
}

type Row = Record<string, unknown>;

export function cachedRepository<E extends object, C, Id = unknown>(
  repository: Repository<E, C, Id>,
  cache: Cache,
  entity: EntityDefinition,
  options: CachedRepositoryOptions,
): Repository<E, C, Id> {
  const { ttl } = options;
  const pk = entity.primaryKey;
  const invalidate = options.invalidate ?? ((keys) => cache.invalidate(keys));
  const readThrough = !options.inTransaction;
  // Rows of scalar fields travel as JSON (see row-codec.ts); the pointer entries are plain ids.
  const codec = rowCodecFor(entity);
  const rowOptions = codec ? { ttl, codec } : { ttl };
  const readOptions = codec ? { codec } : undefined;

  const forget = async (id: unknown) => {
    const key = rowKey(entity, id);
    if (key) await invalidate([key]);
  };

  const tracedRead = <T>(
    operation: EntityCacheReadName,
    run: (context: EntityCacheReadContext | undefined) => Promise<T>,
  ) => traced(entityCacheChannel, (): EntityCacheReadContext => ({ entity: entity.name, operation }), run);

  /** The row by id through its entry, filled under a lease on a miss. */
  const rowById = async (id: Id, key: string, read?: EntityCacheReadContext): Promise<E | null> => {
    const entry = await cache.getOrLease<E>(key, readOptions);
    if (read) read.outcome = entry.hit ? 'hit' : 'miss';
    if (entry.hit) return entry.value;
    const row = await repository.findById(id);
    // Rows only: an absent row is not cached, so a create needs no invalidation.
    if (row) await cache.fillLease(entry.lease, row, rowOptions);
    return row;
  };

  /** The row by a whole unique key: its pointer entry leads to the row's own entry. */
  const rowByUnique = async (
    filter: Filter<E>,
    lookup: NonNullable<ReturnType<typeof uniqueLookup>>,
    read?: EntityCacheReadContext,
  ): Promise<E | null> => {
    const pointer = await cache.getOrLease<unknown>(lookup.key);
    if (pointer.hit) {
      const id = pointer.value as Id;
      const key = rowKey(entity, id);
      const row = key ? await rowById(id, key, read) : await repository.findById(id);
      // The row may have left these unique values since the pointer was written.
      if (row && matches(row as Row, filter as Row, lookup.fields)) return row;
      if (read) read.outcome = 'miss';
      return repository.findOne(filter);
    }
    if (read) read.outcome = 'miss';
    const row = await repository.findOne(filter);
    if (row) await cache.fillLease(pointer.lease, (row as Row)[pk], { ttl });
    return row;
  };

  const cached: Repository<E, C, Id> = {
    // Delegated one by one (not spread): a repository may be a class instance.
    find: (filter, findOptions) => repository.find(filter, findOptions),
    findPage: (filter, pageOptions) => repository.findPage(filter, pageOptions),
    count: (filter) => repository.count(filter),
    aggregate: (aggregateOptions) => repository.aggregate(aggregateOptions),
    search: (text, searchOptions) => repository.search(text, searchOptions),
    exists: (filter) => repository.exists(filter),
    create: (input) => repository.create(input),
    createMany: (inputs) => repository.createMany(inputs),
    stream: (filter, streamOptions) => repository.stream(filter, streamOptions),

    // async: a bad argument rejects, as every repository call does, rather than throwing.
    findById: async (id) => {
      const key = readThrough ? rowKey(entity, id) : undefined;
      if (!key) return repository.findById(id);
      return tracedRead('findById', (read) => rowById(id, key, read));
    },

    getById: async (id) => {
      const key = readThrough ? rowKey(entity, id) : undefined;
      if (!key) return repository.getById(id);
      return tracedRead('getById', async (read) => {
        const row = await rowById(id, key, read);
        if (!row) throw NotFoundError.entity(entity.name, id);
        return row;
      });
    },

    findOne: async (filter: Filter<E>, findOptions?: { include?: unknown }) => {
      // An include reads the relations' rows too, which no entry holds: straight to the repository.
      if (findOptions?.include !== undefined) return repository.findOne(filter, findOptions as never);
      const lookup = readThrough ? uniqueLookup(entity, filter as Row) : undefined;
      if (!lookup) return repository.findOne(filter);
      return tracedRead('findOne', (read) => rowByUnique(filter, lookup, read));
    },

    async update(id, patch, updateOptions) {
      try {
        return await repository.update(id, patch, updateOptions);
      } finally {
        // Even a failed update may have changed the row (a timeout after the commit).
        await forget(id);
      }
    },

    async delete(id) {
      try {
        return await repository.delete(id);
      } finally {
        await forget(id);
      }
    },

    async upsert(input, upsertOptions) {
      const row = await repository.upsert(input, upsertOptions);
      await forget((row as Row)[pk]);
      return row;
    },
  };
  return cached;
}
