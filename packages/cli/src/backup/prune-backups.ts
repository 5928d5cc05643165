// `stowage backup prune`: applies the retention policy to the stored backups; with dryRun it only
// says what it would delete.
import type { RetentionPolicy } from '../cli-config/define-config.ts';
import type { BackupStore } from './backup-store.ts';
import { applyRetention, type RetentionDecision } from './retention.ts';

export interface PruneReport extends RetentionDecision {
  dryRun: boolean;
}

export async function pruneBackups(
  store: BackupStore,
  policy: RetentionPolicy,
  options: { dryRun: boolean },
): Promise<PruneReport> {
  const decision = applyRetention(await store.list(), policy);
  if (!options.dryRun) {
    // One at a time: each removal drops the manifest first, so an interruption leaves at worst
    // an unlisted dump, never a listed backup without its bytes.
    for (const id of decision.remove) await store.remove(id);
  }
  return { ...decision, dryRun: options.dryRun };
}
