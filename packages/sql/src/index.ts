// @stowage/sql: the MikroORM-backed Database, repositories and unit of work shared by the
// PostgreSQL, MySQL/MariaDB and SQLite driver packages.

export { type RunningDumps, runningDumps } from './backup/running-dumps.ts';
export { toolEnv } from './backup/tool-env.ts';
export { type CreateDatabase, databaseFactory } from './database/database-factory.ts';
export {
  type DatabaseProvisioning,
  describeDatabase,
  missingDatabaseError,
} from './database/database-provisioning.ts';
export { serverDatabaseFacts } from './database/server-database-facts.ts';
export { type ServerDatabaseSql, serverProvisioning } from './database/server-provisioning.ts';
export {
  asSqlDatabase,
  createSqlDatabase,
  type SqlDatabase,
  type SqlDatabaseOptions,
} from './database/sql-database.ts';
export type { AggregateSql, SumPart } from './dialect/aggregate-sql.ts';
export type {
  DriverSessions,
  StatementResult,
  StatementRunner,
  TransactionSession,
} from './dialect/driver-sessions.ts';
export type { JsonSql } from './dialect/json-sql.ts';
export type {
  SearchExtraObjects,
  SearchSchema,
  SearchSql,
  SearchStatementSql,
  SearchTarget,
  SearchTerm,
  SearchTrigger,
} from './dialect/search-sql.ts';
export { serverConnectionOptions } from './dialect/server-connection.ts';
export type { SqlDialect, ViolationDetails } from './dialect/sql-dialect.ts';
export { type TlsOptions, tlsOptions } from './dialect/tls-options.ts';
export { checkReferences } from './entity/check-references.ts';
export { describeEntity } from './entity/describe-entity.ts';
export type { EntityModel, FieldKind, FieldModel } from './entity/entity-model.ts';
export { toEntitySchema } from './entity/to-entity-schema.ts';
export { mapDriverError } from './errors/map-driver-error.ts';
export { NETWORK_ERROR_CODES } from './errors/network-error-codes.ts';
export * from './migrations/index.ts';
