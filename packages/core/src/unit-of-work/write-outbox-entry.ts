// The last statements of a committing transaction with object or cache steps: its outbox row,
// then one StowageOutboxKey row per object key the steps touch. Drawn last, after every row lock
// the work took, so the key rows' numbers follow the commit order of transactions that met on a
// row (see outbox-key-entity.ts).
import type { DatabaseTransaction } from '../contracts/unit-of-work.ts';
import { keyHashesOf } from './object-key-hash.ts';
import { OutboxEntity, type OutboxRow } from './outbox-entity.ts';
import { OutboxKeyEntity } from './outbox-key-entity.ts';
import { encodeSteps, type TransactionStep } from './transaction-steps.ts';

export async function writeOutboxEntry(
  tx: DatabaseTransaction,
  entry: { id: string; steps: readonly TransactionStep[]; claimMs: number },
): Promise<OutboxRow> {
  const now = Date.now();
  const row = await tx.repository(OutboxEntity).create({
    id: entry.id,
    steps: encodeSteps(entry.steps),
    createdAt: new Date(now),
    claimedUntil: new Date(now + entry.claimMs),
  });
  const hashes = keyHashesOf(entry.steps);
  if (hashes.length > 0) {
    await tx
      .repository(OutboxKeyEntity)
      .createMany(hashes.map((keyHash) => ({ outboxId: entry.id, keyHash })));
  }
  return row;
}
