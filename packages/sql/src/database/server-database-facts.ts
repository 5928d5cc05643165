// What the CLI says about a PostgreSQL or MySQL/MariaDB configuration (both drivers export it).
import type { DatabaseConfig } from '@stowage/core';
import type { BackendFacts } from '@stowage/core/adapter';
import { describeDatabase } from './database-provisioning.ts';

export const serverDatabaseFacts: BackendFacts<DatabaseConfig> = {
  describe: describeDatabase,
  variables: () => 'DATABASE_URL or DB_HOST / DB_PORT / DB_NAME / DB_USER / DB_PASSWORD',
  checkHint: (config) =>
    'host' in config
      ? `check that ${config.driver} answers at ${config.host}:${config.port} and that DB_USER / DB_PASSWORD are right`
      : 'check DATABASE_URL',
  secretsOf: (config) =>
    'host' in config
      ? [config.password, ...(config.replicas ?? []).map((replica) => replica.password)].filter(
          (secret): secret is string => Boolean(secret),
        )
      : [],
};
