// PostgreSQL: a schema of its own per run, dropped at the end; Stowage and bare MikroORM on the
// Stowage database, Drizzle and the raw path each on a pg Pool of their own.
import { randomBytes } from 'node:crypto';
import { consoleLogger, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/postgres';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { drizzlePostgresStore } from './drizzle-postgres.ts';
import { pgNotes } from './drizzle-tables.ts';
import { BenchNote, TABLE } from './entity.ts';
import { mikroOrmStore, mikroOrmUnitOfWorkCreateMany } from './mikroorm-store.ts';
import { rawPostgresStore } from './raw-postgres.ts';
import { stowageStore } from './stowage-store.ts';
import type { Target } from './target.ts';

export async function openPostgres(url: string): Promise<Target> {
  const config = loadConfig({ DATABASE_URL: url }).database;
  if (config?.driver !== 'postgres') throw new Error(`not a PostgreSQL URL: ${url}`);
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const table = `"${schema}"."${TABLE}"`;
  const db = createDatabase(config, { logger: consoleLogger }, { schema });
  await db.register([BenchNote]);
  await db.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  await db.syncSchema();

  const pool = () =>
    new pg.Pool({
      host: config.host,
      port: config.port,
      database: config.name,
      user: config.user,
      ...(config.password === undefined ? {} : { password: config.password }),
      max: 2,
    });
  const rawPool = pool();
  const drizzlePool = pool();

  return {
    name: `PostgreSQL (${config.host}:${config.port}/${config.name}, schema ${schema})`,
    stowage: stowageStore(db),
    mikroorm: mikroOrmStore(db.orm, true),
    drizzle: drizzlePostgresStore(drizzle({ client: drizzlePool }), pgNotes(schema)),
    raw: rawPostgresStore(rawPool, table),
    unitOfWorkCreateMany: mikroOrmUnitOfWorkCreateMany(db.orm),
    async truncate() {
      await rawPool.query(`truncate table ${table}`);
    },
    async count() {
      const result = await rawPool.query<{ n: string }>(`select count(*) as n from ${table}`);
      return Number(result.rows[0]?.n);
    },
    async close() {
      await rawPool.end();
      await drizzlePool.end();
      await db.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      await db.close();
    },
  };
}
