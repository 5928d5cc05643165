// Applies a committed transaction's steps. Every step can run twice with the same result, since
// a crash can come between any step and the deletion of the outbox row: a promote whose staged
// body is gone was already done, a delete of nothing is fine, and a copy or move whose source has
// vanished cannot be done any more (it is logged and skipped, so recovery does not loop on it).
import type { Cache } from '../contracts/cache.ts';
import type { Logger } from '../contracts/logger.ts';
import type { ObjectStore } from '../contracts/object-store.ts';
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

async function unlessGone(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (isStowageError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

export async function applyStep(step: TransactionStep, targets: StepTargets): Promise<void> {
  const { objects } = targets;
  switch (step.op) {
    case 'promote':
      // Gone: promoted by an earlier run.
      await unlessGone(() => objects.move(step.staged, step.key));
      return;
    case 'delete':
      await objects.delete(step.key);
      return;
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
      return;
    }
    case 'invalidate':
      await (step.namespace === 'app' ? targets.cache : targets.entityCache).invalidate(step.keys);
      return;
    case 'invalidateTags':
      await targets.cache.invalidateTags(step.tags);
      return;
  }
}
