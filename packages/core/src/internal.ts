// @stowage/core/internal: what the CLI and the testkit share with core and nobody else should
// import — opening one backend from config, loading adapter packages, the per-backend checks the
// doctor runs, the secret variables to redact, the outbox tables one by one. No stability promise:
// it changes with the CLI.
export { SECRET_VARIABLES } from './config/env-schema.ts';
export { backendFacts } from './factory/backend-facts.ts';
export { openCache, openDatabase, openObjectStore } from './factory/create-stowage.ts';
export { loadAdapter } from './factory/load-adapter.ts';
export { checkCache, checkDatabase, checkObjectStore } from './health/backend-checks.ts';
export { failedCheck } from './health/check-result.ts';
export { OutboxEntity } from './unit-of-work/outbox-entity.ts';
export { OutboxKeyEntity } from './unit-of-work/outbox-key-entity.ts';
export { stagingFolder } from './unit-of-work/staging-keys.ts';
