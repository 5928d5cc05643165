// The cross-store unit of work: outbox entities, transaction coordinator and recovery.
export {
  type CrossStoreOptions,
  runCrossStoreTransaction,
  type TransactionPhase,
} from './cross-store-transaction.ts';
export { outboxEntities } from './outbox-entities.ts';
export { OutboxEntity } from './outbox-entity.ts';
export { OutboxKeyEntity } from './outbox-key-entity.ts';
export {
  DEFAULT_STALE_STAGING_MS,
  type RecoverOptions,
  type RecoveryReport,
  recoverTransactions,
} from './recover-transactions.ts';
export { DEFAULT_STAGING_PREFIX, stagingFolder } from './staging-keys.ts';
