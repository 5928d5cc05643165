// Connection options shared by the server databases (PostgreSQL, MySQL/MariaDB): the primary
// from DB_* / DATABASE_URL and the read replicas from DB_REPLICA_URLS, each replica taking what
// its URL leaves out (database, user, password), the pool size and the driver options from the
// primary. MikroORM sends reads made outside a transaction to a replica.
import type { Options } from '@mikro-orm/core';
import type { ServerDatabaseConfig } from '@stowage/core';

interface Endpoint {
  host: string;
  port: number;
  dbName: string;
  user: string;
  password?: string;
  pool: { min: number; max: number };
  driverOptions: Record<string, unknown>;
}

export function serverConnectionOptions(
  config: ServerDatabaseConfig,
  driverOptions: Record<string, unknown>,
): Partial<Options> {
  const endpoint = (
    host: string,
    port: number,
    dbName: string,
    user: string,
    password: string | undefined,
  ): Endpoint => ({
    host,
    port,
    dbName,
    user,
    ...(password === undefined ? {} : { password }),
    pool: { min: 0, max: config.poolMax },
    driverOptions,
  });
  const replicas = (config.replicas ?? []).map((replica) =>
    endpoint(
      replica.host,
      replica.port,
      replica.name ?? config.name,
      replica.user ?? config.user,
      replica.password ?? config.password,
    ),
  );
  return {
    ...endpoint(config.host, config.port, config.name, config.user, config.password),
    ...(replicas.length > 0 ? { replicas } : {}),
  };
}
