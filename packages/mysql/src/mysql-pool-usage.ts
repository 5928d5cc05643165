// How busy the mysql2 pool behind a MikroORM connection is, for `stowage doctor`. mysql2 has no
// public counters; its Pool keeps them in _allConnections, _freeConnections and _connectionQueue
// (mysql2 3.x, lib/base/pool.js), and the limit in config.connectionLimit.
import type { Connection } from '@mikro-orm/core';
import type { MySqlConnection } from '@mikro-orm/mysql';
import type { PoolUsage } from '@stowage/core';

interface Counted {
  length: number;
}

interface PoolInternals {
  config: { connectionLimit: number };
  _allConnections: Counted;
  _freeConnections: Counted;
  _connectionQueue: Counted;
}

export async function mysqlPoolUsage(connection: Connection): Promise<PoolUsage> {
  const native = (await (connection as MySqlConnection).getNativeClient()) as unknown as
    | PoolInternals
    | { pool: PoolInternals };
  // A promise wrapper (mysql2/promise) holds the callback pool as `.pool`.
  const pool = 'pool' in native ? native.pool : native;
  return {
    max: pool.config.connectionLimit,
    open: pool._allConnections.length,
    idle: pool._freeConnections.length,
    waiting: pool._connectionQueue.length,
  };
}
