// What the CLI says about a SQLite configuration: a file, no secrets.
import type { DatabaseConfig } from '@stowage/core';
import type { BackendFacts } from '@stowage/core/adapter';
import { describeDatabase } from '@stowage/sql';

export const backendFacts: BackendFacts<DatabaseConfig> = {
  describe: describeDatabase,
  variables: () => 'DB_NAME / DATABASE_URL',
  checkHint: (config) =>
    `check that ${'path' in config ? config.path : 'the file'} is a readable SQLite file (DB_NAME / DATABASE_URL)`,
  secretsOf: () => [],
};
