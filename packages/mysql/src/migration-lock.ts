// MySQL/MariaDB: GET_LOCK is held by a session, so it is taken and released on one pinned
// connection (a transaction that does nothing else); the server frees it if that connection
// dies. The migrations run on other pooled connections.
import { createHash } from 'node:crypto';
import { type LockRequest, lockTimeout, type MigrationLock, requireSpareConnection } from '@stowage/sql';

/** GET_LOCK names are limited to 64 characters: a longer one keeps its start plus a hash of the whole. */
function lockName(name: string): string {
  if (name.length <= 64) return name;
  return `${name.slice(0, 40)}:${createHash('sha256').update(name).digest('hex').slice(0, 23)}`;
}

async function withNamedLock<T>(request: LockRequest, work: () => Promise<T>): Promise<T> {
  const { connection, timeoutMs } = request;
  const name = lockName(request.name);
  return connection.transactional(async (trx) => {
    const seconds = Math.max(0, Math.ceil(timeoutMs / 1000));
    const rows = (await connection.execute(
      'select get_lock(?, ?) as acquired',
      [name, seconds],
      'all',
      trx,
    )) as {
      acquired: unknown;
    }[];
    // 1 acquired, 0 timed out, NULL error (e.g. killed)
    if (Number(rows[0]?.acquired) !== 1) throw lockTimeout('mysql', name, timeoutMs);
    try {
      return await work();
    } finally {
      await connection.execute('select release_lock(?) as released', [name], 'all', trx);
    }
  });
}

/** The migrations lock of one executions table, per database. */
export function withMysqlMigrationLock<T>(lock: MigrationLock, work: () => Promise<T>): Promise<T> {
  const { orm, tableName, timeoutMs } = lock;
  requireSpareConnection(orm);
  const name = `migrations:${orm.config.get('dbName')}.${tableName}`;
  return withNamedLock({ connection: orm.em.getConnection(), name, timeoutMs }, work);
}
