export { type CheckOptions, checkCache, checkDatabase, checkObjectStore } from './backend-checks.ts';
export { checkBackends } from './check-backends.ts';
export { type CheckResult, type CheckStatus, failedCheck } from './check-result.ts';
export { DEFAULT_CHECK_TIMEOUT_MS } from './check-timeout.ts';
