// PostgreSQL: a transaction-scoped advisory lock taken by a transaction that does nothing else and
// stays open for the whole run. Pooled sessions cannot leak it: it ends with that transaction, or
// with its connection if the process dies. The migrations run on other pooled connections.
import { createHash } from 'node:crypto';
import { type LockRequest, lockTimeout, type MigrationLock, requireSpareConnection } from '@stowage/sql';

/** The advisory lock key: 64 bits of the lock name's SHA-256. */
function keyOf(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

async function withAdvisoryLock<T>(request: LockRequest, work: () => Promise<T>): Promise<T> {
  const { connection, name, timeoutMs } = request;
  return connection.transactional(async (trx) => {
    // lock_timeout covers advisory locks; `set local` keeps it to this transaction.
    await connection.execute(`set local lock_timeout = ${Math.max(1, Math.ceil(timeoutMs))}`, [], 'run', trx);
    try {
      await connection.execute(`select pg_advisory_xact_lock(${keyOf(name)})`, [], 'all', trx);
    } catch (error) {
      // 55P03 lock_not_available
      if ((error as { code?: unknown }).code === '55P03')
        throw lockTimeout('postgres', name, timeoutMs, error);
      throw error;
    }
    return work();
  });
}

/** The migrations lock of one executions table, per database and schema. */
export function withPostgresMigrationLock<T>(lock: MigrationLock, work: () => Promise<T>): Promise<T> {
  const { orm, tableName, timeoutMs } = lock;
  requireSpareConnection(orm);
  const schema = orm.config.get('schema') ?? 'public';
  const name = `stowage_migrations:${orm.config.get('dbName')}.${schema}.${tableName}`;
  return withAdvisoryLock({ connection: orm.em.getConnection(), name, timeoutMs }, work);
}
