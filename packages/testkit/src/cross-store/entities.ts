// The entity the cross-store suite writes: a document whose file lives in the object store,
// cached by id, so one transaction touches all three stores.
import { defineEntity } from '@stowage/core';
import { OutboxEntity, OutboxKeyEntity } from '@stowage/core/internal';
import { z } from 'zod';

export const CrossStoreDocument = defineEntity({
  name: 'CrossStoreDocument',
  schema: z.object({
    id: z.uuid(),
    title: z.string().max(200),
    fileKey: z.string().max(500).nullable(),
  }),
  generated: 'uuid',
  cache: { ttl: 600_000 },
});

/** What the database under test must register: the suite's entity and Stowage's outbox tables. */
export const crossStoreEntities = [CrossStoreDocument, OutboxEntity, OutboxKeyEntity] as const;
