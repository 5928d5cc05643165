// MariaDB/MySQL: a database of its own per run (utf8mb4), dropped at the end; mysql2 for the raw path.
import { randomBytes } from 'node:crypto';
import { consoleLogger, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/mysql';
import mysql from 'mysql2/promise';
import { BenchNote, COLUMNS, flatValues, makeRows, type NoteRow, TABLE } from './entity.ts';
import { chunks, pathsFor, ROWS_PER_INSERT, type Target } from './target.ts';

function insertSql(rows: number): string {
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  return `insert into \`${TABLE}\` (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
}

export async function openMariadb(url: string): Promise<Target> {
  const base = loadConfig({ DATABASE_URL: url }).database;
  if (!base || (base.driver !== 'mysql' && base.driver !== 'mariadb')) {
    throw new Error(`not a MySQL/MariaDB URL: ${url}`);
  }
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase(base, { logger: consoleLogger });
  await admin.register([]);
  await admin.orm.em
    .getConnection()
    .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  await admin.close();
  const config = { ...base, name };
  const db = createDatabase(config, { logger: consoleLogger });
  await db.register([BenchNote]);
  await db.syncSchema();

  const pool = mysql.createPool({
    host: config.host,
    port: config.port,
    database: name,
    user: config.user,
    ...(config.password === undefined ? {} : { password: config.password }),
    charset: 'utf8mb4_bin',
    // Stowage stores datetime columns as UTC (forceUtcTimezone); so does the raw path.
    timezone: 'Z',
    connectionLimit: 2,
  });
  const findSql = `select ${COLUMNS.map((c) => `\`${c}\``).join(', ')} from \`${TABLE}\` where \`id\` = ?`;

  const insert = async (rows: readonly NoteRow[]) => {
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
        await connection.execute(insertSql(chunk.length), flatValues(chunk));
      }
      await connection.commit();
    } catch (error) {
      await connection.rollback().catch(() => {});
      throw error;
    } finally {
      connection.release();
    }
  };
  const raw = {
    find: async (id: string) => {
      const [rows] = await pool.execute<mysql.RowDataPacket[]>(findSql, [id]);
      return rows[0];
    },
    insert,
  };

  return {
    name: `MariaDB (${config.host}:${config.port}, database ${name})`,
    ...pathsFor(db, raw),
    async seed(count) {
      const rows = makeRows(count, 0);
      await insert(rows);
      return rows.map((r) => r.id);
    },
    async truncate() {
      await pool.query(`truncate table \`${TABLE}\``);
    },
    async count() {
      const [rows] = await pool.query<mysql.RowDataPacket[]>(`select count(*) as n from \`${TABLE}\``);
      return Number(rows[0]?.n);
    },
    async close() {
      await pool.end();
      await db.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      await db.close();
    },
  };
}
