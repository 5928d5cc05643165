// SQLite creates its file on first open, the normal way to start; what is checked is the folder:
// a missing folder is a mistyped DB_NAME more often than a new project, so it is reported
// instead of created — except Stowage's own default (./data/), which the embedded setup creates.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type DatabaseConfig } from '@stowage/core';
import { DEFAULT_SQLITE_PATH } from '@stowage/core/adapter';
import { type DatabaseProvisioning, databaseFactory, missingDatabaseError } from '@stowage/sql';
import { sqliteDialect } from './sqlite-dialect.ts';

const fileOf = (config: DatabaseConfig) =>
  config.driver === 'sqlite' && config.path !== ':memory:' ? config.path : undefined;

const provisioning: DatabaseProvisioning = {
  checkBeforeOpen(config) {
    const file = fileOf(config);
    if (!file || resolve(file) === resolve(DEFAULT_SQLITE_PATH)) return;
    const folder = dirname(file);
    if (!existsSync(folder))
      throw missingDatabaseError(
        config,
        `cannot be created: its folder ${JSON.stringify(folder)} does not exist`,
      );
  },
  isMissingDatabase: () => false,
  async createIfMissing(config) {
    const file = fileOf(config);
    if (!file) return false;
    try {
      mkdirSync(dirname(file), { recursive: true });
      // An empty file is an empty SQLite database.
      writeFileSync(file, '', { flag: 'wx' });
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      const variable = config.nameVariable ?? 'DB_NAME';
      throw new ConfigError(
        `${variable}: could not create the SQLite file ${JSON.stringify(file)} (${code})`,
        variable,
        { cause: error },
      );
    }
  },
};

/** The factory's entry point for DB_DRIVER=sqlite. */
export const createDatabase = databaseFactory(sqliteDialect, provisioning);
