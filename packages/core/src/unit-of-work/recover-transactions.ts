// recover(): finishes what dead processes left. For each outbox row whose owner's claim has run
// out, it takes the claim (an optimistic-lock update, so of two concurrent recoveries exactly one
// applies a row), applies the steps (each idempotent) and deletes the row. Then it removes
// staging folders older than `staleAfterMs` that no outbox row refers to: bodies of transactions
// that rolled back or died before their commit.
import { isStowageError } from '../errors/stowage-error.ts';
import { applyStep, type StepTargets } from './apply-steps.ts';
import type { CrossStoreOptions } from './cross-store-transaction.ts';
import { OutboxEntity } from './outbox-entity.ts';
import { parseStagingFolder } from './staging-keys.ts';
import { decodeSteps } from './transaction-steps.ts';

export interface RecoverOptions {
  /** Staging folders older than this (ms) without an outbox row are removed; default 1 hour. */
  staleAfterMs?: number;
}

export interface RecoveryReport {
  /** Outbox rows whose steps this call applied. */
  applied: number;
  /** Rows still claimed by a live (or recently dead) process, or taken by another recovery. */
  skipped: number;
  /** Staging folders removed. */
  removedStagingFolders: number;
}

export const DEFAULT_STALE_STAGING_MS = 60 * 60 * 1000;
const PAGE = 100;

export async function recoverTransactions(
  options: Omit<CrossStoreOptions, 'onPhase'>,
  recoverOptions: RecoverOptions = {},
): Promise<RecoveryReport> {
  const outbox = options.database.repository(OutboxEntity);
  const targets: StepTargets = options;
  const report: RecoveryReport = { applied: 0, skipped: 0, removedStagingFolders: 0 };
  const now = Date.now();

  // Applied rows are deleted, so the rows left before the next page are the skipped ones.
  for (;;) {
    const batch = await outbox.find(
      {},
      { orderBy: { createdAt: 'asc' }, limit: PAGE, offset: report.skipped },
    );
    for (const row of batch) {
      if (row.claimedUntil.getTime() > now) {
        report.skipped += 1;
        continue;
      }
      try {
        await outbox.update(
          row.id,
          { claimedUntil: new Date(Date.now() + options.claimMs) },
          { expectedVersion: row.version },
        );
      } catch (error) {
        // Another recovery claimed or finished it first.
        if (isStowageError(error, 'OPTIMISTIC_LOCK') || isStowageError(error, 'NOT_FOUND')) {
          report.skipped += 1;
          continue;
        }
        throw error;
      }
      for (const step of decodeSteps(row.steps)) await applyStep(step, targets);
      await outbox.delete(row.id);
      report.applied += 1;
    }
    if (batch.length < PAGE) break;
  }

  report.removedStagingFolders = await sweepStaging(
    options,
    recoverOptions.staleAfterMs ?? DEFAULT_STALE_STAGING_MS,
  );
  return report;
}

async function sweepStaging(
  options: Omit<CrossStoreOptions, 'onPhase'>,
  staleAfterMs: number,
): Promise<number> {
  const { objects, stagingPrefix } = options;
  const outbox = options.database.repository(OutboxEntity);
  const cutoff = Date.now() - staleAfterMs;
  let removed = 0;
  let cursor: string | undefined;
  do {
    const page = await objects.list({ prefix: stagingPrefix, delimiter: '/', ...(cursor ? { cursor } : {}) });
    for (const folder of page.prefixes) {
      const parsed = parseStagingFolder(stagingPrefix, folder);
      if (!parsed || parsed.startedAt > cutoff) continue;
      // A committed transaction's bodies stay until its steps are applied.
      if (await outbox.findById(parsed.transactionId)) continue;
      await objects.deletePrefix(folder);
      removed += 1;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return removed;
}
