// The key hashes a step list is ordered by (see outbox-key-entity.ts).
import { createHash } from 'node:crypto';
import { objectKeysOf, type TransactionStep } from './transaction-steps.ts';

export function objectKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The distinct hashes of every object key the steps touch, in first-seen order. */
export function keyHashesOf(steps: readonly TransactionStep[]): string[] {
  return [...new Set(steps.flatMap(objectKeysOf).map(objectKeyHash))];
}
