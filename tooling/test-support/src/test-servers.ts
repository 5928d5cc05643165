// The servers the integration tests run against, each named by one variable (default: this
// machine's): STOWAGE_TEST_POSTGRES_URL, STOWAGE_TEST_MYSQL_URL (MySQL or MariaDB) and
// STOWAGE_TEST_REDIS_URL. Every test reads them here.
import { loadConfig, type ServerDatabaseConfig } from '@stowage/core';

export type TestServer = 'postgres' | 'mysql';

const variables = {
  postgres: 'STOWAGE_TEST_POSTGRES_URL',
  mysql: 'STOWAGE_TEST_MYSQL_URL',
  redis: 'STOWAGE_TEST_REDIS_URL',
} as const;

export const testServerUrls: Readonly<Record<TestServer | 'redis', string>> = {
  postgres: process.env[variables.postgres] ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env[variables.mysql] ?? 'mysql://root@127.0.0.1:3306/test',
  redis: process.env[variables.redis] ?? 'redis://127.0.0.1:6379',
};

/** The server's URL, naming database `name` instead of the one it names (as an operator would). */
export function testDatabaseUrl(server: TestServer, name?: string): string {
  if (name === undefined) return testServerUrls[server];
  const url = new URL(testServerUrls[server]);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.href;
}

/** The configuration loadConfig() makes of that URL. */
export function testServerConfig(server: TestServer, name?: string): ServerDatabaseConfig {
  const config = loadConfig({ DATABASE_URL: testDatabaseUrl(server, name) }).database;
  const fits = server === 'postgres' ? ['postgres'] : ['mysql', 'mariadb'];
  if (!config || config.driver === 'sqlite' || !fits.includes(config.driver))
    throw new Error(`${variables[server]} is not a ${server === 'postgres' ? 'PostgreSQL' : 'MySQL'} URL`);
  return config;
}
