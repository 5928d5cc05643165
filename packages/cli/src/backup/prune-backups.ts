// `stowage backup prune`: applies the retention policy to the stored backups; with dryRun it only
// says what it would delete. Damaged backups (an unreadable manifest) are left alone unless
// asked for, and the newest good backup (readable manifest, dump present) is never deleted.
import type { RetentionPolicy } from '../cli-config/define-config.ts';
import type { BackupStore, DamagedBackup } from './backup-store.ts';
import { applyRetention, type RetentionDecision } from './retention.ts';

export interface PruneReport extends RetentionDecision {
  dryRun: boolean;
  /** Dumps without a manifest older than a day (a create that died), removed too. */
  incomplete: string[];
  /** Backups whose manifest is damaged: removed with removeDamaged, else only reported. */
  damaged: (DamagedBackup & { removed: boolean })[];
}

/** A create still running may not have written its manifest yet; a day is far past any. */
const INCOMPLETE_AFTER_MS = 24 * 60 * 60 * 1000;

export async function pruneBackups(
  store: BackupStore,
  policy: RetentionPolicy,
  options: { dryRun: boolean; removeDamaged?: boolean; now?: number },
): Promise<PruneReport> {
  // One listing of the store for all three questions (was three).
  const listing = await store.inventory();
  const newestGood = listing.backups.find((backup) => listing.withDump.has(backup.id));
  const decision = keepNewestGood(applyRetention(listing.backups, policy), newestGood?.id);
  const cutoff = (options.now ?? Date.now()) - INCOMPLETE_AFTER_MS;
  const incomplete = listing.incomplete
    .filter((dump) => dump.lastModified.getTime() < cutoff)
    .map((dump) => dump.id);
  const removeDamaged = options.removeDamaged === true;
  const damaged = listing.damaged.map((d) => ({ ...d, removed: removeDamaged && !options.dryRun }));
  if (!options.dryRun) {
    // One at a time: each removal drops the manifest first, so an interruption leaves at worst
    // an unlisted dump (removed by a later prune), never a listed backup without its bytes.
    const ids = [...decision.remove, ...incomplete, ...(removeDamaged ? damaged.map((d) => d.id) : [])];
    for (const id of ids) await store.remove(id);
  }
  return { ...decision, incomplete, damaged, dryRun: options.dryRun };
}

/** Retention keeps the newest backup, which may have lost its dump: then the next good one too. */
function keepNewestGood(decision: RetentionDecision, id: string | undefined): RetentionDecision {
  if (id === undefined || !decision.remove.includes(id)) return decision;
  return {
    keep: [...decision.keep, { id, reasons: ['newest good backup'] }],
    remove: decision.remove.filter((other) => other !== id),
  };
}
