// @stowage/testkit: conformance suites written once and run by every implementation, the way
// every keyv adapter runs @keyv/test-suite. Call them from a vitest test file.
export * from './cache/index.ts';
export * from './cached-repository/index.ts';
export * from './connection-failures/index.ts';
export * from './cross-store/index.ts';
export { expectStowageError, rejectionOf } from './expect-stowage-error.ts';
export * from './migrations/index.ts';
export * from './object-store/index.ts';
// Stream helpers for adapters' own tests (dump and restore streams, downloads).
export { readAll, streamOf } from './object-store/test-bodies.ts';
export * from './replicas/index.ts';
export * from './repository/index.ts';
export * from './sql-driver/index.ts';
export * from './sql-text/index.ts';
