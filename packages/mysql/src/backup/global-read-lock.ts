// FLUSH TABLES WITH READ LOCK held on a connection of its own while the dump and the checksum
// transaction open their snapshots: with no write able to commit in between, both see the same
// state. A user without the RELOAD privilege is refused the lock; the dump goes on without it.
import type { Logger } from '@stowage/core';
import type { Connection } from 'mysql2/promise';

/** ER_SPECIFIC_ACCESS_DENIED_ERROR: no RELOAD privilege. */
const NO_RELOAD = 1227;
/** ER_LOCK_WAIT_TIMEOUT: a long statement kept the tables busy. */
const LOCK_WAIT_TIMEOUT = 1205;
/** The lock blocks every write while it waits for running statements: not for long. */
const LOCK_WAIT_SECONDS = 10;

/** Takes the global read lock; false (and a warning) when the server refuses it or it times out. */
export async function takeGlobalReadLock(
  connection: Connection,
  database: string,
  logger: Logger,
): Promise<boolean> {
  await connection.query(`set session lock_wait_timeout = ${LOCK_WAIT_SECONDS}`);
  try {
    await connection.query('flush tables with read lock');
    return true;
  } catch (error) {
    const errno = (error as { errno?: unknown }).errno;
    if (errno !== NO_RELOAD && errno !== LOCK_WAIT_TIMEOUT) throw error;
    const reason =
      errno === NO_RELOAD
        ? 'the user lacks the RELOAD privilege'
        : `other statements kept the tables busy for ${LOCK_WAIT_SECONDS} s`;
    logger.warn(
      `backup: FLUSH TABLES WITH READ LOCK failed (${reason}); dumping without it, so under concurrent writes the recorded checksums may differ from the dump`,
      { database },
    );
    return false;
  }
}

/** Releases the lock; the connection's end would too, UNLOCK TABLES says so sooner. */
export async function releaseGlobalReadLock(connection: Connection): Promise<void> {
  await connection.query('unlock tables');
}
