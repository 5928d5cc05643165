// PreparedSession on pg: a client of the pool MikroORM built (so its type parsers apply to rows),
// with reused statements named after their SQL, which pg prepares once per client.
import { createHash } from 'node:crypto';
import type { Connection } from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { PreparedSession } from '@stowage/sql';

const names = new Map<string, string>();

/** One name per SQL text: pg rejects a name reused for another text on the same client. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `stowage_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    // Repositories repeat a few shapes; the bound keeps an unusual caller from growing it forever.
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
}

export async function openPostgresSession(connection: Connection): Promise<PreparedSession> {
  const pool = await (connection as PostgreSqlConnection).getNativeClient();
  const client = await pool.connect();
  const plain = async (sql: string) => {
    await client.query(sql);
  };
  return {
    async run(sql, parameters, reuse) {
      const result = await client.query({
        text: sql,
        values: [...parameters],
        ...(reuse ? { name: statementName(sql) } : {}),
      });
      return { rows: result.rows };
    },
    begin: () => plain('begin'),
    commit: () => plain('commit'),
    rollback: () => plain('rollback'),
    // pg destroys a client released with a truthy argument.
    release: (broken) => client.release(broken),
  };
}
