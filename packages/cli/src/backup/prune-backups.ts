// `stowage backup prune`: applies the retention policy to the stored backups; with dryRun it only
// says what it would delete.
import type { RetentionPolicy } from '../cli-config/define-config.ts';
import type { BackupStore } from './backup-store.ts';
import { applyRetention, type RetentionDecision } from './retention.ts';

export interface PruneReport extends RetentionDecision {
  dryRun: boolean;
  /** Dumps without a manifest older than a day (a create that died), removed too. */
  incomplete: string[];
}

/** A create still running may not have written its manifest yet; a day is far past any. */
const INCOMPLETE_AFTER_MS = 24 * 60 * 60 * 1000;

export async function pruneBackups(
  store: BackupStore,
  policy: RetentionPolicy,
  options: { dryRun: boolean; now?: number },
): Promise<PruneReport> {
  const decision = applyRetention(await store.list(), policy);
  const cutoff = (options.now ?? Date.now()) - INCOMPLETE_AFTER_MS;
  const incomplete = (await store.listIncomplete())
    .filter((dump) => dump.lastModified.getTime() < cutoff)
    .map((dump) => dump.id);
  if (!options.dryRun) {
    // One at a time: each removal drops the manifest first, so an interruption leaves at worst
    // an unlisted dump (removed by a later prune), never a listed backup without its bytes.
    for (const id of [...decision.remove, ...incomplete]) await store.remove(id);
  }
  return { ...decision, incomplete, dryRun: options.dryRun };
}
