// PreparedSession on mysql2: a connection of the pool MikroORM built (its timezone, dateStrings
// and big-number options apply), where execute() prepares a statement once per connection and
// keeps it; other statements go through query().
import type { Connection } from '@mikro-orm/core';
import type { MySqlConnection } from '@mikro-orm/mysql';
import type { PreparedSession } from '@stowage/sql';

interface Header {
  insertId?: number | string;
}

type NativePool = Awaited<ReturnType<MySqlConnection['getNativeClient']>>;
type PromisePool = ReturnType<NativePool['promise']>;

/** pool.promise() builds a new wrapper on every call: one per pool. */
const promisePools = new WeakMap<NativePool, PromisePool>();

export async function openMysqlSession(connection: Connection): Promise<PreparedSession> {
  const pool = await (connection as MySqlConnection).getNativeClient();
  let promised = promisePools.get(pool);
  if (!promised) {
    promised = pool.promise();
    promisePools.set(pool, promised);
  }
  const conn = await promised.getConnection();
  return {
    async run(sql, parameters, reuse) {
      const [result] = reuse
        ? await conn.execute(sql, [...parameters] as never[])
        : await conn.query(sql, [...parameters]);
      if (Array.isArray(result)) return { rows: result as object[] };
      const { insertId } = result as Header;
      return insertId === undefined ? { rows: [] } : { rows: [], insertId: BigInt(insertId) };
    },
    begin: () => conn.beginTransaction(),
    commit: () => conn.commit(),
    rollback: () => conn.rollback(),
    release: (broken) => (broken ? conn.destroy() : conn.release()),
  };
}
