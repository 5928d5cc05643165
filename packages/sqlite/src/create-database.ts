import { databaseFactory } from '@stowage/sql';
import { sqliteDialect } from './sqlite-dialect.ts';

/** The factory's entry point for DB_DRIVER=sqlite. */
export const createDatabase = databaseFactory(sqliteDialect);
