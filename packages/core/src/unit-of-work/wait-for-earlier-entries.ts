// Before a transaction's object steps run: every earlier outbox entry (lower StowageOutboxKey
// number) that touches one of the same keys must be finished. An entry whose claim has expired
// (its process died or stalled) is taken over and finished here, as recover() would; one still
// claimed is waited for, polling, at most until its claim runs out. Only lower numbers are
// waited for, so two entries never wait for each other.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../contracts/database.ts';
import { keyHashesOf } from './object-key-hash.ts';
import { OutboxClaim } from './outbox-claim.ts';
import { OutboxEntity, type OutboxRow } from './outbox-entity.ts';
import { OutboxKeyEntity } from './outbox-key-entity.ts';
import type { TransactionStep } from './transaction-steps.ts';

const FIRST_PAUSE_MS = 5;
const MAX_PAUSE_MS = 100;

export interface EntryFinisher {
  database: Database;
  claimMs: number;
  /** Finishes an entry this process has just taken over. */
  finishTakenOver(row: OutboxRow, claim: OutboxClaim): Promise<void>;
}

/** Ids of entries ordered before `id` on one of `hashes`: a lower number for the same key. */
async function earlierEntryIds(database: Database, id: string, hashes: string[]): Promise<Set<string>> {
  const rows = await database.repository(OutboxKeyEntity).find({ keyHash: { $in: hashes } });
  const mine = new Map<string, bigint>();
  for (const row of rows) {
    const seen = mine.get(row.keyHash);
    if (row.outboxId === id && (seen === undefined || row.seq < seen)) mine.set(row.keyHash, row.seq);
  }
  const earlier = new Set<string>();
  for (const row of rows) {
    const own = mine.get(row.keyHash);
    if (row.outboxId !== id && own !== undefined && row.seq < own) earlier.add(row.outboxId);
  }
  return earlier;
}

/**
 * Resolves once the outbox row `id` is gone: finished by its holder, or taken over and finished
 * here when its claim runs out. `own` is renewed meanwhile (the waiting entry's claim).
 */
export async function untilFinished(id: string, finisher: EntryFinisher, own?: OutboxClaim): Promise<void> {
  const outbox = finisher.database.repository(OutboxEntity);
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    const row = await outbox.findById(id);
    if (!row) return;
    if (row.claimedUntil.getTime() <= Date.now()) {
      const taken = await OutboxClaim.take(finisher.database, row, finisher.claimMs);
      if (taken) {
        await finisher.finishTakenOver(row, taken);
        continue;
      }
    }
    await own?.keep();
    await sleep(pause);
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  }
}

export async function waitForEarlierEntries(
  entry: { id: string; steps: readonly TransactionStep[] },
  claim: OutboxClaim,
  finisher: EntryFinisher,
): Promise<void> {
  const hashes = keyHashesOf(entry.steps);
  if (hashes.length === 0) return;
  for (const earlierId of await earlierEntryIds(finisher.database, entry.id, hashes)) {
    await untilFinished(earlierId, finisher, claim);
  }
}
