// Finishes one committed transaction, for the process that committed it and for recover() alike:
// wait for the earlier entries on the same object keys, apply the steps in order under the claim,
// remove the staged bodies, then delete the outbox row and its key rows in one transaction.
import type { Database } from '../contracts/database.ts';
import { unitOfWorkChannel } from '../diagnostics/diagnostic-channels.ts';
import type { UnitOfWorkContext } from '../diagnostics/diagnostic-contexts.ts';
import { traced } from '../diagnostics/traced.ts';
import { applyStep, type StepTargets } from './apply-steps.ts';
import { ClaimLost, type OutboxClaim } from './outbox-claim.ts';
import { OutboxEntity, type OutboxRow } from './outbox-entity.ts';
import { OutboxKeyEntity } from './outbox-key-entity.ts';
import { removeStagedKeys, removeStagingFolders } from './remove-staged.ts';
import { parseStagingFolder } from './staging-keys.ts';
import { decodeSteps, type TransactionStep } from './transaction-steps.ts';
import { type EntryFinisher, waitForEarlierEntries } from './wait-for-earlier-entries.ts';

export interface OutboxTargets extends StepTargets {
  database: Database;
  stagingPrefix: string;
  claimMs: number;
}

export interface EntryHooks {
  beforeStep?(step: TransactionStep): Promise<void>;
  afterStep?(step: TransactionStep): Promise<void>;
  /**
   * Every key the transaction staged, kept or not (the committing process knows them); without
   * it the staging folders its promotes name are removed.
   */
  staged?: readonly string[];
}

export interface EntryOutcome {
  /** Keys whose staged body was gone while the key did not hold it: reported, never a success. */
  lost: string[];
  /** Promotes done: staged bodies now at their keys (a re-run finding one placed counts it). */
  promoted: number;
}

export async function applyOutboxEntry(
  targets: OutboxTargets,
  entry: { id: string; steps: readonly TransactionStep[] },
  claim: OutboxClaim,
  hooks: EntryHooks = {},
): Promise<EntryOutcome> {
  await waitForEarlierEntries(entry, claim, entryFinisher(targets));
  const lost: string[] = [];
  let promoted = 0;
  for (const step of entry.steps) {
    await claim.keep();
    await hooks.beforeStep?.(step);
    const outcome = await applyStep(step, targets);
    if (outcome === 'done' && step.op === 'promote') promoted += 1;
    if (outcome === 'lost' && step.op === 'promote') {
      // A process that took this row over may have placed the body, and a later transaction
      // removed it since: then the row is not ours any more, and nothing was lost.
      if (!(await claim.held())) throw new ClaimLost(entry.id);
      targets.logger.error('transaction step failed: the staged body is gone and its key does not hold it', {
        outboxId: entry.id,
        key: step.key,
        staged: step.staged,
      });
      lost.push(step.key);
    }
    await hooks.afterStep?.(step);
  }
  if (hooks.staged) await removeStagedKeys(targets.objects, hooks.staged, targets.logger);
  else
    await removeStagingFolders(
      targets.objects,
      stagingFoldersOf(targets.stagingPrefix, entry.steps),
      targets.logger,
    );
  await deleteEntry(targets.database, entry.id);
  return { lost, promoted };
}

/** Finishes entries this process takes over while it waits for them. */
export function entryFinisher(targets: OutboxTargets): EntryFinisher {
  return {
    database: targets.database,
    claimMs: targets.claimMs,
    finishTakenOver: async (row, taken) => {
      await finishTakenOver(targets, row, taken);
    },
  };
}

/**
 * Applies a row another process left (its claim ran out), which this process now holds; undefined
 * when yet another process took it over meanwhile.
 */
export function finishTakenOver(
  targets: OutboxTargets,
  row: OutboxRow,
  claim: OutboxClaim,
): Promise<EntryOutcome | undefined> {
  return traced(
    unitOfWorkChannel,
    (): UnitOfWorkContext => ({ operation: 'promote', transactionId: row.id, takenOver: true }),
    async (context) => {
      try {
        const steps = decodeSteps(row.steps);
        if (context) context.steps = steps.length;
        const outcome = await applyOutboxEntry(targets, { id: row.id, steps }, claim);
        if (context) {
          context.objects = outcome.promoted;
          context.lost = outcome.lost.length;
        }
        return outcome;
      } catch (error) {
        if (error instanceof ClaimLost) return undefined;
        await claim.release().catch(() => {});
        throw error;
      }
    },
  );
}

/** The staging folders a transaction's promotes read from (each transaction has one). */
function stagingFoldersOf(prefix: string, steps: readonly TransactionStep[]): string[] {
  const folders = new Set<string>();
  for (const step of steps) {
    if (step.op !== 'promote') continue;
    const folder = step.staged.slice(0, step.staged.lastIndexOf('/') + 1);
    if (parseStagingFolder(prefix, folder)) folders.add(folder);
  }
  return [...folders];
}

async function deleteEntry(database: Database, id: string): Promise<void> {
  await database.transaction(async (tx) => {
    const keys = tx.repository(OutboxKeyEntity);
    for (const row of await keys.find({ outboxId: id })) await keys.delete(row.seq);
    await tx.repository(OutboxEntity).delete(id);
  });
}
