// @stowage/postgres: PostgreSQL for Stowage.
export { createDatabase } from './create-database.ts';
export { postgresDialect } from './postgres-dialect.ts';
