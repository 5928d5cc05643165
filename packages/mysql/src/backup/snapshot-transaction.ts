// A read-only transaction on an InnoDB snapshot: every query in it sees the database as it was
// when the transaction began, which is what mariadb-dump --single-transaction reads as well.
import type { Connection } from 'mysql2/promise';

export async function beginSnapshot(connection: Connection): Promise<void> {
  await connection.query('set session transaction isolation level repeatable read');
  await connection.query('start transaction with consistent snapshot, read only');
}
