// Applies a committed transaction's steps. Every step can run twice with the same result, since
// a crash can come between any step and the deletion of the outbox row: a delete of nothing is
// fine; a promote whose staged body is gone counts as done only if the key holds the body that
// was staged (size and MD5 recorded at staging), and is reported as lost otherwise — never as a
// success; a copy or move whose source has vanished cannot be done any more (it is logged and
// skipped, so recovery does not loop on it).
import type { Cache } from '../contracts/cache.ts';
import type { Logger } from '../contracts/logger.ts';
import type { ObjectInfo, ObjectStore } from '../contracts/object-store.ts';
import { UnavailableError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import type { TransactionStep } from './transaction-steps.ts';

export interface StepTargets {
  objects: ObjectStore;
  /** The application's cache (tx.cache keys and tags). */
  cache: Cache;
  /** The namespace cached repositories keep rows in. */
  entityCache: Cache;
  logger: Logger;
}

/** `lost`: a promote whose staged body is gone while its key does not hold that body. */
export type StepOutcome = 'done' | 'lost';

/** Attempts of a move whose staged source is still there after a NOT_FOUND (see promote()). */
const PROMOTE_ATTEMPTS = 3;

async function unlessGone(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (isStowageError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

async function statOrUndefined(objects: ObjectStore, key: string): Promise<ObjectInfo | undefined> {
  try {
    return await objects.stat(key);
  } catch (error) {
    if (isStowageError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

/** Whether `info` is the staged body: same size, and same MD5 where both are known. */
function holdsStagedBody(info: ObjectInfo, step: Extract<TransactionStep, { op: 'promote' }>): boolean {
  if (step.size !== undefined && info.size !== step.size) return false;
  if (step.md5 !== undefined && info.checksums.md5 !== undefined) return info.checksums.md5 === step.md5;
  return true;
}

/**
 * Moves the staged body to its key. A NOT_FOUND from the move means the staged body is gone (an
 * earlier run moved it) — or, on stores that move by copy + stat + delete, that the key vanished
 * between the copy and the stat, with the staged body still there: then the move is tried again.
 */
async function promote(
  step: Extract<TransactionStep, { op: 'promote' }>,
  objects: ObjectStore,
): Promise<StepOutcome> {
  for (let attempt = 0; attempt < PROMOTE_ATTEMPTS; attempt++) {
    if (await unlessGone(() => objects.move(step.staged, step.key))) return 'done';
    if (!(await objects.exists(step.staged))) {
      const placed = await statOrUndefined(objects, step.key);
      return placed && holdsStagedBody(placed, step) ? 'done' : 'lost';
    }
  }
  // Never a success it did not see: the row stays, and recover() tries again.
  throw UnavailableError.backend(
    objects.backend,
    `the staged body ${JSON.stringify(step.staged)} could not be moved to ${JSON.stringify(step.key)} (reported missing while still staged)`,
    { context: { staged: step.staged, key: step.key } },
  );
}

export async function applyStep(step: TransactionStep, targets: StepTargets): Promise<StepOutcome> {
  const { objects } = targets;
  switch (step.op) {
    case 'promote':
      return promote(step, objects);
    case 'delete':
      await objects.delete(step.key);
      return 'done';
    case 'copy':
    case 'move': {
      const done = await unlessGone(() =>
        step.op === 'copy' ? objects.copy(step.from, step.to) : objects.move(step.from, step.to),
      );
      // A move whose source is gone ran before; a copy's source deleted since cannot be copied.
      if (!done && !(step.op === 'move' && (await objects.exists(step.to)))) {
        targets.logger.warn(`transaction step skipped: ${step.op} source is gone`, {
          from: step.from,
          to: step.to,
        });
      }
      return 'done';
    }
    case 'invalidate':
      await (step.namespace === 'app' ? targets.cache : targets.entityCache).invalidate(step.keys);
      return 'done';
    case 'invalidateTags':
      await targets.cache.invalidateTags(step.tags);
      return 'done';
  }
}
