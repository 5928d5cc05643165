import { databaseFactory } from '@stowage/sql';
import { postgresDialect } from './postgres-dialect.ts';

/** The factory's entry point for DB_DRIVER=postgres. */
export const createDatabase = databaseFactory(postgresDialect);
