// `stowage doctor`'s view of the pg pool behind MikroORM: its limit and how it is used right now.
import type { Connection } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { PoolUsage } from '@stowage/core';

/** pg's own default when a pool is built without `max`. */
const PG_DEFAULT_MAX = 10;

export async function postgresPoolUsage(connection: Connection): Promise<PoolUsage> {
  const pool = await (connection as PostgreSqlConnection).getNativeClient();
  return {
    max: pool.options.max ?? PG_DEFAULT_MAX,
    open: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  };
}
