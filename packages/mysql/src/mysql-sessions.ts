// DriverSessions on mysql2, on the pool MikroORM built (its time zone, dateStrings and big-number
// options apply). Every statement with values goes through execute(): the binary protocol sends
// them apart from the text. (mysql2's query(sql, values) would format them into the text with
// backslash escaping, which a server in NO_BACKSLASH_ESCAPES mode reads differently.) execute()
// prepares a statement once per connection and keeps it, up to the pool's maxPreparedStatements.
import type { Connection } from '@mikro-orm/core';
import type { MySqlConnection } from '@mikro-orm/mysql';
import type { DriverSessions, StatementResult } from '@stowage/sql';

interface Header {
  affectedRows?: number;
  insertId?: number | string;
}

type NativePool = Awaited<ReturnType<MySqlConnection['getNativeClient']>>;
type PromisePool = ReturnType<NativePool['promise']>;
type PromiseConnection = Awaited<ReturnType<PromisePool['getConnection']>>;
type Runnable = Pick<PromisePool, 'execute' | 'query'>;

const pools = new WeakMap<Connection, Promise<PromisePool>>();

/** pool.promise() builds a new wrapper on every call: one per pool. */
function poolOf(connection: Connection): Promise<PromisePool> {
  let pool = pools.get(connection);
  if (!pool) {
    pool = (connection as MySqlConnection).getNativeClient().then((native) => native.promise());
    pools.set(connection, pool);
    pool.catch(() => pools.delete(connection));
  }
  return pool;
}

async function run(on: Runnable, sql: string, parameters: readonly unknown[]): Promise<StatementResult> {
  // Statements without values (begin, savepoints) need no preparing; nothing is formatted in.
  const [res] =
    parameters.length === 0 ? await on.query(sql) : await on.execute(sql, [...parameters] as never[]);
  if (Array.isArray(res)) return { rows: res as Record<string, unknown>[], affected: 0 };
  const { affectedRows, insertId } = res as Header;
  const affected = affectedRows ?? 0;
  return insertId === undefined || Number(insertId) === 0
    ? { rows: [], affected }
    : { rows: [], affected, insertId: BigInt(insertId) };
}

export const mysqlSessions: DriverSessions = {
  pooled(connection) {
    let pool: PromisePool | undefined;
    return {
      async run(sql, parameters) {
        pool ??= await poolOf(connection);
        return run(pool, sql, parameters);
      },
    };
  },

  async begin(connection) {
    const conn: PromiseConnection = await (await poolOf(connection)).getConnection();
    try {
      await conn.query('begin');
    } catch (error) {
      conn.destroy();
      throw error;
    }
    return {
      run: (sql, parameters) => run(conn, sql, parameters),
      release: (broken) => (broken ? conn.destroy() : conn.release()),
    };
  },
};
