// Shared helpers for the packages' own tests (never published).
export { freePort } from './free-port.ts';
export { type OwnRedisServer, ownRedisServer } from './own-redis-server.ts';
export { makeTestCertificates, type TestCertificates } from './test-certificates.ts';
