// DriverSessions on pg, on the pool MikroORM built (its type parsers apply to rows). Values travel
// in pg's extended protocol, apart from the text; a prepared statement is named after its SQL,
// which pg prepares once per client and then only binds and executes.
import { createHash } from 'node:crypto';
import type { Connection } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { DriverSessions, StatementResult } from '@stowage/sql';
import type { Pool, QueryConfig, QueryResult } from 'pg';

const names = new Map<string, string>();
/** Distinct statements named (so prepared on every client); past it, statements stay unnamed. */
const MAX_NAMED = 2_000;

/** One name per SQL text: pg rejects a name reused for another text on the same client. */
function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (!name) {
    if (names.size >= MAX_NAMED) return undefined;
    name = `stowage_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    names.set(sql, name);
  }
  return name;
}

function query(sql: string, parameters: readonly unknown[], prepared: boolean): QueryConfig {
  const name = prepared ? statementName(sql) : undefined;
  return name ? { name, text: sql, values: [...parameters] } : { text: sql, values: [...parameters] };
}

function result(res: QueryResult): StatementResult {
  return { rows: res.rows, affected: res.rowCount ?? 0 };
}

const pools = new WeakMap<Connection, Promise<Pool>>();

function poolOf(connection: Connection): Promise<Pool> {
  let pool = pools.get(connection);
  if (!pool) {
    pool = (connection as PostgreSqlConnection).getNativeClient();
    pools.set(connection, pool);
    // A failed connect is retried by the next call, not remembered.
    pool.catch(() => pools.delete(connection));
  }
  return pool;
}

export const postgresSessions: DriverSessions = {
  pooled(connection) {
    let pool: Pool | undefined;
    return {
      async run(sql, parameters, prepared) {
        pool ??= await poolOf(connection);
        return result(await pool.query(query(sql, parameters, prepared)));
      },
    };
  },

  async begin(connection) {
    const client = await (await poolOf(connection)).connect();
    try {
      await client.query('begin');
    } catch (error) {
      client.release(true);
      throw error;
    }
    return {
      run: async (sql, parameters, prepared) => result(await client.query(query(sql, parameters, prepared))),
      // pg destroys a client released with a truthy argument.
      release: (broken) => client.release(broken),
    };
  },
};
