// The database half of a cross-store transaction, opened at its first database call: a
// repository call, a `tx.sql` statement, a nested transaction, or the outbox write at the commit. So `tx.objects.put()`
// made before any database call streams its body while no connection is held (slow uploads
// cannot starve the pool, or hold SQLite's one handle); once open, the transaction keeps its
// connection until it commits or rolls back, as any database transaction does.
//
// The database transaction runs in the async context the unit of work was made in, not in that
// of the call that happened to open it: its begin, final work and commit belong to the unit of
// work (a tracer's span of that first call has ended long before the commit).
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { Database } from '../contracts/database.ts';
import type { Repository } from '../contracts/repository.ts';
import type { SqlAccess } from '../contracts/sql-access.ts';
import type { DatabaseTransaction, RepositoryOf, UnitOfWork } from '../contracts/unit-of-work.ts';
import { unitOfWorkChannel } from '../diagnostics/diagnostic-channels.ts';
import type { UnitOfWorkContext } from '../diagnostics/diagnostic-contexts.ts';
import { traced } from '../diagnostics/traced.ts';
import type { EntityDefinition } from '../entity/define-entity.ts';
import { TransactionEndedError } from '../errors/error-classes.ts';

type Last = (tx: DatabaseTransaction) => Promise<unknown>;

export interface LazyDatabaseTransaction extends DatabaseTransaction {
  /** True once a database call opened the transaction. */
  readonly opened: boolean;
  /** Runs `last` as the transaction's final work (opening it if nothing did) and commits. */
  commit<T>(last: (tx: DatabaseTransaction) => Promise<T>): Promise<T>;
  /** Rolls an opened transaction back with `reason`; resolves once it has ended. */
  rollback(reason: unknown): Promise<void>;
}

export function lazyDatabaseTransaction(
  database: UnitOfWork & Pick<Database, 'lazySql'>,
  /** The unit of work's id, for its diagnostics. */
  transactionId?: string,
): LazyDatabaseTransaction {
  const inUnitOfWork = AsyncLocalStorage.snapshot();
  let sql: SqlAccess | undefined;
  let opening: Promise<DatabaseTransaction> | undefined;
  let ended: Promise<unknown> | undefined;
  let finish: { resolve(last: Last): void; reject(reason: unknown): void } | undefined;
  let closed = false;

  const open = (operation: string): Promise<DatabaseTransaction> => {
    if (closed) return Promise.reject(TransactionEndedError.use(operation));
    opening ??= traced(
      unitOfWorkChannel,
      (): UnitOfWorkContext => ({ operation: 'begin', transactionId }),
      () =>
        new Promise<DatabaseTransaction>((resolve, reject) => {
          const last = new Promise<Last>((resolveLast, rejectLast) => {
            finish = { resolve: resolveLast, reject: rejectLast };
          });
          last.catch(() => {}); // a begin that failed never awaits it
          ended = inUnitOfWork(() =>
            database.transaction(async (tx) => {
              resolve(tx);
              return (await last)(tx);
            }),
          );
          // A failed begin fails the call that opened it; a failed commit is commit()'s to report.
          ended.catch(reject);
        }),
    );
    return opening;
  };

  const repositoryOf = <D extends EntityDefinition>(entity: D): RepositoryOf<D> => {
    type R = Repository<object, unknown, unknown>;
    const target = async (): Promise<R> => (await open('repository')).repository(entity) as unknown as R;
    const lazy: R = {
      findById: async (id) => (await target()).findById(id),
      getById: async (id) => (await target()).getById(id),
      findOne: async (filter, options) => (await target()).findOne(filter, options),
      find: async (filter, options) => (await target()).find(filter, options),
      findPage: async (filter, options) => (await target()).findPage(filter, options),
      count: async (filter) => (await target()).count(filter),
      aggregate: async (options) => (await target()).aggregate(options),
      search: async (text, options) => (await target()).search(text, options),
      exists: async (filter) => (await target()).exists(filter),
      create: async (input) => (await target()).create(input),
      createMany: async (inputs) => (await target()).createMany(inputs),
      update: async (id, patch, options) => (await target()).update(id, patch, options),
      delete: async (id) => (await target()).delete(id),
      upsert: async (input, options) => (await target()).upsert(input, options),
      stream: (filter, options) => ({
        async *[Symbol.asyncIterator]() {
          yield* (await target()).stream(filter, options);
        },
      }),
    };
    return lazy as unknown as RepositoryOf<D>;
  };

  return {
    get opened() {
      return opening !== undefined;
    },
    repository: repositoryOf,
    // Built at first use; its first statement opens the transaction, as a repository call does.
    get sql() {
      sql ??= database.lazySql(() => open('sql'));
      return sql;
    },
    async transaction(work) {
      return (await open('transaction')).transaction(work);
    },
    async commit(last) {
      await open('commit');
      closed = true;
      // The final work runs in the commit's context (its caller's), not the unit of work's.
      finish?.resolve(AsyncResource.bind(last));
      return (await ended) as Awaited<ReturnType<typeof last>>;
    },
    async rollback(reason) {
      closed = true;
      if (!opening) return;
      finish?.reject(reason);
      await ended?.catch(() => {});
    },
  };
}
