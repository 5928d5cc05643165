// The outbox: one row per cross-store transaction with object or cache steps, written in the
// same database transaction as the application's rows. A committed row means "these steps must
// happen"; the committing process applies them and deletes the row, and recover() finishes rows
// a dead process left. `claimedUntil` keeps two processes from applying one row at once.
import { z } from 'zod';
import { defineEntity, type EntityOf } from '../entity/define-entity.ts';

export const OutboxEntity = defineEntity({
  name: 'StowageOutbox',
  schema: z.object({
    /** The transaction's id; also names its staging folder. */
    id: z.uuid(),
    /** The steps as JSON (see transaction-steps.ts). */
    steps: z.string(),
    createdAt: z.date(),
    /** Until when the process applying the steps owns them. */
    claimedUntil: z.date(),
    version: z.number().int(),
  }),
  generated: 'none',
  version: 'version',
  columns: { steps: { type: 'text' } },
});

export type OutboxRow = EntityOf<typeof OutboxEntity>;
