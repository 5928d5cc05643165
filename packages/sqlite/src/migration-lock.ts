// SQLite has no advisory locks: a one-row table is the lock. Inserting row 1 fails while another
// process holds it; the holder refreshes its row, and a row not refreshed for STALE_MS (its process
// died) is taken over.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LockRequest, lockTimeout, type MigrationLock } from '@stowage/sql';

const STALE_MS = 60_000;
const HEARTBEAT_MS = 10_000;
const RETRY_MS = 50;

async function withLockRow<T>(request: LockRequest, work: () => Promise<T>): Promise<T> {
  const { connection, name, timeoutMs } = request;
  const table = `"${name}"`;
  const owner = randomUUID();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await connection.execute(
        `create table if not exists ${table} (id integer primary key, owner text not null, refreshed_at integer not null)`,
        [],
        'run',
      );
      await connection.execute(`delete from ${table} where refreshed_at < ?`, [Date.now() - STALE_MS], 'run');
      await connection.execute(
        `insert into ${table} (id, owner, refreshed_at) values (1, ?, ?)`,
        [owner, Date.now()],
        'run',
      );
      break;
    } catch (error) {
      // Held (unique violation) or the file is busy with another writer: wait and retry.
      if (Date.now() >= deadline) throw lockTimeout('sqlite', name, timeoutMs, error);
      await sleep(RETRY_MS);
    }
  }
  const heartbeat = setInterval(() => {
    connection
      .execute(`update ${table} set refreshed_at = ? where owner = ?`, [Date.now(), owner], 'run')
      .catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await connection.execute(`delete from ${table} where owner = ?`, [owner], 'run');
  }
}

/** The migrations lock of one executions table: a row in the table named after it. */
export function withSqliteMigrationLock<T>(lock: MigrationLock, work: () => Promise<T>): Promise<T> {
  const { orm, tableName, timeoutMs } = lock;
  return withLockRow({ connection: orm.em.getConnection(), name: `${tableName}_lock`, timeoutMs }, work);
}
