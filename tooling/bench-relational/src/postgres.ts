// PostgreSQL: a schema of its own per run, dropped at the end; pg for the raw path.
import { randomBytes } from 'node:crypto';
import { consoleLogger, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import pg from 'pg';
import { BenchNote, COLUMNS, flatValues, makeRows, type NoteRow, TABLE } from './entity.ts';
import { chunks, pathsFor, ROWS_PER_INSERT, type Target } from './target.ts';

function insertSql(table: string, rows: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const base = r * COLUMNS.length;
    tuples.push(`(${COLUMNS.map((_, c) => `$${base + c + 1}`).join(', ')})`);
  }
  return `insert into ${table} (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
}

export async function openPostgres(url: string): Promise<Target> {
  const config = loadConfig({ DATABASE_URL: url }).database;
  if (config?.driver !== 'postgres') throw new Error(`not a PostgreSQL URL: ${url}`);
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const table = `"${schema}"."${TABLE}"`;
  const db = createDatabase(config, { logger: consoleLogger }, { schema });
  await db.register([BenchNote]);
  await db.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  await db.syncSchema();

  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    database: config.name,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    max: 2,
  });
  const findSql = `select ${COLUMNS.join(', ')} from ${table} where id = $1`;
  const insertFull = insertSql(table, ROWS_PER_INSERT);

  const insert = async (rows: readonly NoteRow[]) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
        const full = chunk.length === ROWS_PER_INSERT;
        await client.query({
          ...(full ? { name: 'insert_1000' } : {}),
          text: full ? insertFull : insertSql(table, chunk.length),
          values: flatValues(chunk),
        });
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  const raw = {
    find: async (id: string) => (await pool.query({ name: 'find', text: findSql, values: [id] })).rows[0],
    insert,
  };

  return {
    name: `PostgreSQL (${config.host}:${config.port}/${config.name}, schema ${schema})`,
    ...pathsFor(db, raw),
    async seed(count) {
      const rows = makeRows(count, 0);
      await insert(rows);
      return rows.map((r) => r.id);
    },
    async truncate() {
      await pool.query(`truncate table ${table}`);
    },
    async count() {
      const result = await pool.query<{ n: string }>(`select count(*) as n from ${table}`);
      return Number(result.rows[0]?.n);
    },
    async close() {
      await pool.end();
      await db.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      await db.close();
    },
  };
}
