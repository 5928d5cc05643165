// Shared helpers for the packages' own tests (never published).
export { freePort } from './free-port.ts';
export { type OwnRedisServer, ownRedisServer } from './own-redis-server.ts';
export { silentLogger } from './silent-logger.ts';
export {
  type ScratchDatabases,
  type ScratchSql,
  scratchDatabaseSql,
  scratchDatabases,
  scratchName,
  scratchSchemaSql,
} from './sql/scratch-databases.ts';
export {
  type DriverCreateDatabase,
  type ScratchOpenOptions,
  type ScratchScope,
  type ScratchServer,
  type ScratchSqlDatabase,
  type ScratchTarget,
  type SqlScratch,
  serverScratch,
  sqliteScratch,
} from './sql/sql-scratch.ts';
export { type RaceLog, type ReadLog, raceClock, staleReads, type WriteLog } from './stale-reads.ts';
export { makeTestCertificates, type TestCertificates } from './test-certificates.ts';
export { type TestServer, testDatabaseUrl, testServerConfig, testServerUrls } from './test-servers.ts';
