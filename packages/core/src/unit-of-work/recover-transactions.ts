// recover(): finishes what dead processes left. For each outbox row whose owner's claim has run
// out (oldest first), it takes the claim (an optimistic-lock update, so of two concurrent
// recoveries exactly one applies a row) and finishes the row as its own process would have:
// after the earlier transactions on the same object keys (see wait-for-earlier-entries.ts), the
// steps in order, then the staged bodies and the row itself removed. Then it removes staging
// folders older than `staleAfterMs` that no outbox row refers to: bodies of transactions that
// rolled back or died before their commit.
import { unitOfWorkChannel } from '../diagnostics/diagnostic-channels.ts';
import type { UnitOfWorkContext } from '../diagnostics/diagnostic-contexts.ts';
import { traced } from '../diagnostics/traced.ts';
import { finishTakenOver } from './apply-outbox-entry.ts';
import type { CrossStoreOptions } from './cross-store-transaction.ts';
import { OutboxClaim } from './outbox-claim.ts';
import { OutboxEntity } from './outbox-entity.ts';
import { parseStagingFolder } from './staging-keys.ts';

export interface RecoverOptions {
  /**
   * Staging folders older than this (ms) without an outbox row are removed; default 1 hour.
   * Keep it above the longest transaction: a younger folder may belong to one still running.
   */
  staleAfterMs?: number;
}

export interface RecoveryReport {
  /** Outbox rows whose steps this call applied. */
  applied: number;
  /** Rows still claimed by a live (or recently dead) process, or taken by another recovery. */
  skipped: number;
  /** Staging folders removed. */
  removedStagingFolders: number;
  /**
   * Promotes whose staged body was gone while the key did not hold it (logged as errors): a
   * committed row may refer to an object that is not there.
   */
  lostBodies: number;
}

export const DEFAULT_STALE_STAGING_MS = 60 * 60 * 1000;
const PAGE = 100;

export function recoverTransactions(
  options: Omit<CrossStoreOptions, 'onPhase'>,
  recoverOptions: RecoverOptions = {},
): Promise<RecoveryReport> {
  return traced(
    unitOfWorkChannel,
    (): UnitOfWorkContext => ({ operation: 'recover', transactionId: undefined }),
    async (context) => {
      const report = await recover(options, recoverOptions, context);
      if (context) {
        context.objects ??= 0;
        context.entries = report.applied;
        context.skipped = report.skipped;
        context.lost = report.lostBodies;
        context.folders = report.removedStagingFolders;
      }
      return report;
    },
  );
}

async function recover(
  options: Omit<CrossStoreOptions, 'onPhase'>,
  recoverOptions: RecoverOptions,
  context: UnitOfWorkContext | undefined,
): Promise<RecoveryReport> {
  const outbox = options.database.repository(OutboxEntity);
  const report: RecoveryReport = { applied: 0, skipped: 0, removedStagingFolders: 0, lostBodies: 0 };
  const now = Date.now();

  // Keyset pages stay right while rows are deleted (by this call, or by others meanwhile).
  let cursor: string | undefined;
  do {
    const page = await outbox.findPage(
      {},
      { orderBy: { createdAt: 'asc' }, limit: PAGE, ...(cursor ? { cursor } : {}) },
    );
    for (const row of page.items) {
      const claim =
        row.claimedUntil.getTime() > now
          ? undefined
          : await OutboxClaim.take(options.database, row, options.claimMs);
      // Claimed by a live process, or another recovery claimed or finished it first.
      const outcome = claim && (await finishTakenOver(options, row, claim));
      if (!outcome) {
        report.skipped += 1;
        continue;
      }
      report.applied += 1;
      report.lostBodies += outcome.lost.length;
      if (context) context.objects = (context.objects ?? 0) + outcome.promoted;
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);

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
