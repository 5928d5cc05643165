import { databaseFactory } from '@stowage/sql';
import { mysqlDialect } from './mysql-dialect.ts';

/** The factory's entry point for DB_DRIVER=mysql or mariadb. */
export const createDatabase = databaseFactory(mysqlDialect);
