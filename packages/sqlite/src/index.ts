// @stowage/sqlite: the embedded default database for Stowage.
export { createDatabase } from './create-database.ts';
export { sqliteDialect } from './sqlite-dialect.ts';
