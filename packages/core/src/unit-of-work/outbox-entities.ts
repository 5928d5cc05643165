// What the database must map for the cross-store unit of work: the outbox and its key order.
// createStowage registers both; a Database opened by hand (stowageFrom) needs them beside the
// application's entities, and migrations create their tables like any other.
import { OutboxEntity } from './outbox-entity.ts';
import { OutboxKeyEntity } from './outbox-key-entity.ts';

export const outboxEntities = [OutboxEntity, OutboxKeyEntity] as const;
