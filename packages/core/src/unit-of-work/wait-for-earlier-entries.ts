// Before a transaction's object steps run: every earlier outbox entry (lower StowageOutboxKey
// number) that touches one of the same keys must be finished. An entry whose claim has expired
// (its process died or stalled) is taken over and finished here, as recover() would; one still
// claimed is waited for, polling, at most until its claim runs out. Only lower numbers are
// waited for, by one number per entry, so two entries never wait for each other.
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

/**
 * Ids of entries ordered before `id` that share one of `hashes`. An entry's order number is the
 * lowest of its key rows' numbers, one per entry: ordering per key instead would let two entries
 * sharing two keys draw crossed numbers (A first on one key, B on the other) and wait for each
 * other forever, each renewing its claim.
 */
async function earlierEntryIds(database: Database, id: string, hashes: string[]): Promise<Set<string>> {
  const keys = database.repository(OutboxKeyEntity);
  const sharing = await keys.find({ keyHash: { $in: hashes } });
  const others = [...new Set(sharing.map((row) => row.outboxId))].filter((other) => other !== id);
  if (others.length === 0) return new Set();
  const first = new Map<string, bigint>();
  for (const row of await keys.find({ outboxId: { $in: [id, ...others] } })) {
    const seen = first.get(row.outboxId);
    if (seen === undefined || row.seq < seen) first.set(row.outboxId, row.seq);
  }
  const mine = first.get(id);
  if (mine === undefined) return new Set();
  return new Set(others.filter((other) => (first.get(other) ?? mine) < mine));
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
