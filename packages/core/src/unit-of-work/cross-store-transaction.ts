// One transaction across the database, the object store and the cache (the outbox pattern).
//
// While the callback runs, put() bodies stream to a staging folder of the object store; deletes,
// copies, moves and cache invalidations (tx.cache and cached repositories' rows) are recorded.
// The database transaction opens at the callback's first database call (see
// lazy-database-transaction.ts). When the callback resolves, the recorded steps go into an
// outbox row (with its key-order rows) as the transaction's last statements, and it commits.
// After the commit the steps are applied in order — once every earlier transaction touching the
// same object keys has finished (see wait-for-earlier-entries.ts) — the staged bodies are
// removed and the row is deleted. If the callback throws or the commit fails, the staged bodies
// are removed and nothing else happens. If the process dies after the commit, recover() applies
// the row's steps later; staged folders of transactions that never committed are swept once
// they are old enough.
import { randomUUID } from 'node:crypto';
import { entityRowKeys, repositoryWithCache } from '../cached/cached-unit-of-work.ts';
import type { Cache } from '../contracts/cache.ts';
import type { Database } from '../contracts/database.ts';
import type { Logger } from '../contracts/logger.ts';
import type { ObjectBody, ObjectInfo, ObjectStore, PutOptions } from '../contracts/object-store.ts';
import type { DatabaseTransaction, TransactionContext } from '../contracts/unit-of-work.ts';
import { unitOfWorkChannel } from '../diagnostics/diagnostic-channels.ts';
import type { UnitOfWorkContext } from '../diagnostics/diagnostic-contexts.ts';
import { traced } from '../diagnostics/traced.ts';
import { NotFoundError, NotSupportedError, TransactionEndedError } from '../errors/error-classes.ts';
import { assertValidCacheKey } from '../keys/cache-key.ts';
import { assertValidObjectKey } from '../keys/object-key.ts';
import { finishCommitted } from './finish-committed.ts';
import { lazyDatabaseTransaction } from './lazy-database-transaction.ts';
import type { OutboxRow } from './outbox-entity.ts';
import { removeStagedKeys } from './remove-staged.ts';
import { stagingFolder } from './staging-keys.ts';
import { orderSteps, type TransactionStep } from './transaction-steps.ts';
import { writeOutboxEntry } from './write-outbox-entry.ts';

/** Boundaries a test can stop a process at (see the fault tests); in order. */
export type TransactionPhase =
  | 'before-commit'
  | 'after-commit'
  | 'after-object-step'
  | 'before-cache'
  | 'done';

export interface CrossStoreOptions {
  database: Database;
  objects: ObjectStore;
  /** The application's cache: tx.cache keys and tags. */
  cache: Cache;
  /** Where cached repositories keep rows. */
  entityCache: Cache;
  logger: Logger;
  /** Folder of the object store where put() bodies wait for the commit. */
  stagingPrefix: string;
  /** How long the committing process owns its outbox row before recover() may take it over. */
  claimMs: number;
  /** Called at each phase boundary; for fault-injection tests. */
  onPhase?: ((phase: TransactionPhase) => void | Promise<void>) | undefined;
}

interface Recorder {
  steps: TransactionStep[];
  /** Keys put by this transaction so far, which copy() and move() may use as sources. */
  readonly putKeys: Set<string>;
  /** Every staged key, kept or not, so leftovers can be removed; its length numbers the next. */
  readonly staged: string[];
  readonly folder: string;
  /** The transaction's id, for its diagnostics. */
  readonly id: string;
}

export function runCrossStoreTransaction<T>(
  options: CrossStoreOptions,
  work: (tx: TransactionContext) => Promise<T>,
): Promise<T> {
  const id = randomUUID();
  return traced(
    unitOfWorkChannel,
    (): UnitOfWorkContext => ({ operation: 'transaction', transactionId: id }),
    (context) => runTransaction(options, work, id, context),
  );
}

async function runTransaction<T>(
  options: CrossStoreOptions,
  work: (tx: TransactionContext) => Promise<T>,
  id: string,
  context: UnitOfWorkContext | undefined,
): Promise<T> {
  const { database, objects, onPhase } = options;
  const recorder: Recorder = {
    steps: [],
    putKeys: new Set(),
    staged: [],
    folder: stagingFolder(options.stagingPrefix, id, Date.now()),
    id,
  };
  const tx = lazyDatabaseTransaction(database, id);
  let steps: TransactionStep[] = [];
  let written: OutboxRow | undefined;
  let result: T;
  try {
    result = await withContext(options, recorder, tx, work);
    steps = orderSteps(recorder.steps);
    if (context) context.steps = steps.length;
    if (steps.length > 0 || tx.opened) {
      await traced(
        unitOfWorkChannel,
        (): UnitOfWorkContext => ({ operation: 'commit', transactionId: id, steps: steps.length }),
        () =>
          tx.commit(async (last) => {
            if (steps.length > 0)
              written = await writeOutboxEntry(last, { id, steps, claimMs: options.claimMs });
            await onPhase?.('before-commit');
          }),
      );
    } else await onPhase?.('before-commit');
  } catch (error) {
    if (context) {
      context.objects = recorder.staged.length;
      context.committed = false;
    }
    // Rolled back (or never opened): nothing staged may stay. A failure here is left to the sweep.
    await traced(
      unitOfWorkChannel,
      (): UnitOfWorkContext => ({ operation: 'rollback', transactionId: id }),
      async (rollback) => {
        await tx.rollback(error);
        const removed = await removeStagedKeys(objects, recorder.staged, options.logger);
        if (rollback) rollback.objects = removed;
      },
    );
    throw error;
  }
  if (context) {
    context.objects = recorder.staged.length;
    context.committed = true;
  }
  if (written) await finishCommitted(options, written, steps, recorder.staged);
  else {
    await onPhase?.('after-commit');
    await removeStagedKeys(objects, recorder.staged, options.logger);
  }
  await onPhase?.('done');
  return result;
}

/** Runs `work` with a TransactionContext over `tx` that records into `recorder`. */
async function withContext<T>(
  options: CrossStoreOptions,
  recorder: Recorder,
  tx: DatabaseTransaction,
  work: (tx: TransactionContext) => Promise<T>,
): Promise<T> {
  const { objects } = options;
  let ended = false;
  const steps: TransactionStep[] = [];
  const live = (operation: string) => {
    if (ended) throw TransactionEndedError.use(operation);
  };
  const mustExist = async (key: string) => {
    if (recorder.putKeys.has(key) || (await objects.exists(key))) return;
    throw NotFoundError.object(key);
  };
  /** Records a copy or move; the source must exist now or have been put by this transaction. */
  const transfer = async (op: 'copy' | 'move', from: string, to: string): Promise<void> => {
    live(`objects.${op}`);
    assertValidObjectKey(from);
    assertValidObjectKey(to);
    await mustExist(from);
    steps.push({ op, from, to });
    recorder.putKeys.add(to);
  };
  const scope = {
    async invalidate(keys: readonly string[]) {
      steps.push({ op: 'invalidate', namespace: 'entities', keys: [...keys] });
    },
  };

  const context: TransactionContext = {
    repository(entity) {
      live('repository');
      return repositoryWithCache(tx, entity, options.entityCache, scope);
    },
    transaction(inner) {
      live('transaction');
      // A savepoint (traced at every level): its steps join this level's only when it succeeds.
      return traced(
        unitOfWorkChannel,
        (): UnitOfWorkContext => ({ operation: 'savepoint', transactionId: recorder.id }),
        () => tx.transaction((nested) => withContext(options, { ...recorder, steps }, nested, inner)),
      );
    },
    get sql() {
      live('sql');
      return tx.sql;
    },
    objects: {
      async put(key: string, body: ObjectBody, putOptions?: PutOptions): Promise<ObjectInfo> {
        live('objects.put');
        assertValidObjectKey(key);
        if (putOptions?.ifNotExists) {
          throw NotSupportedError.operation(
            objects.backend,
            'ifNotExists inside a transaction',
            'a create-only check cannot hold until the object is promoted after the commit; put it outside the transaction',
          );
        }
        const stagedKey = `${recorder.folder}${recorder.staged.length}`;
        recorder.staged.push(stagedKey);
        const info = await objects.put(stagedKey, body, putOptions);
        live('objects.put');
        steps.push({
          op: 'promote',
          staged: stagedKey,
          key,
          size: info.size,
          ...(info.checksums.md5 ? { md5: info.checksums.md5 } : {}),
        });
        recorder.putKeys.add(key);
        return { ...info, key };
      },
      async delete(key: string): Promise<void> {
        live('objects.delete');
        assertValidObjectKey(key);
        steps.push({ op: 'delete', key });
      },
      copy: (from: string, to: string) => transfer('copy', from, to),
      move: (from: string, to: string) => transfer('move', from, to),
    },
    cache: {
      invalidate(keys: readonly string[]): void {
        live('cache.invalidate');
        for (const key of keys) assertValidCacheKey(key);
        steps.push({ op: 'invalidate', namespace: 'app', keys: [...keys] });
      },
      invalidateTags(tags: readonly string[]): void {
        live('cache.invalidateTags');
        steps.push({ op: 'invalidateTags', tags: [...tags] });
      },
      invalidateRows(entity, ids): void {
        live('cache.invalidateRows');
        // The same step a cached repository's write in the transaction records.
        const keys = entityRowKeys(entity, ids);
        if (keys.length > 0) steps.push({ op: 'invalidate', namespace: 'entities', keys });
      },
    },
  };
  try {
    const value = await work(context);
    recorder.steps.push(...steps);
    return value;
  } finally {
    ended = true;
  }
}
