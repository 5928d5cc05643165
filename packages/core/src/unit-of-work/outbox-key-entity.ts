// The order of committed transactions' object steps. At its commit, a transaction with object
// steps inserts one row per object key it touches, as the last statements before COMMIT; `seq`
// is the database's auto-increment (a sequence on PostgreSQL), so it is drawn after every row
// lock the transaction's work took. Of two transactions that met on a database row (one read or
// locked what the other wrote), the one that committed later draws the higher numbers. Before
// applying its steps, a transaction waits until no outbox entry with a lower number for one of
// its keys is left (see outbox-order.ts). The rows go with their outbox row, in one transaction.
import { z } from 'zod';
import { defineEntity, type EntityOf } from '../entity/define-entity.ts';

export const OutboxKeyEntity = defineEntity({
  name: 'StowageOutboxKey',
  schema: z.object({
    seq: z.bigint(),
    /** The outbox row (transaction) this key belongs to. */
    outboxId: z.uuid(),
    /** SHA-256 of the object key, hex: object keys are longer than an index may be. */
    keyHash: z.string().length(64),
  }),
  primaryKey: 'seq',
  generated: 'increment',
  indexes: [{ fields: ['keyHash', 'seq'] }, { fields: ['outboxId'] }],
  columns: { keyHash: { length: 64 } },
});

export type OutboxKeyRow = EntityOf<typeof OutboxKeyEntity>;
