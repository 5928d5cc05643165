// PostgreSQL: a schema of its own per run, dropped at the end; Stowage, bare MikroORM, Drizzle and
// the raw path each on a pg Pool of their own, and the raw statements once more on Stowage's pool.
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
import { ON_STOWAGE_POOL, type Target } from './target.ts';

export async function openPostgres(url: string): Promise<Target> {
  const config = loadConfig({ DATABASE_URL: url }).database;
  if (config?.driver !== 'postgres') throw new Error(`not a PostgreSQL URL: ${url}`);
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const table = `"${schema}"."${TABLE}"`;
  const db = createDatabase(config, { logger: consoleLogger }, { schema });
  await db.register([BenchNote]);
  await db.orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  await db.syncSchema();
  // Bare MikroORM on an ORM instance (so a pool) of its own, so its work never shares a connection
  // (and a server process) with Stowage's.
  const ormDb = createDatabase(config, { logger: consoleLogger }, { schema });
  await ormDb.register([BenchNote]);

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
    mikroorm: mikroOrmStore(ormDb.orm, true),
    drizzle: drizzlePostgresStore(drizzle({ client: drizzlePool }), pgNotes(schema)),
    raw: rawPostgresStore(rawPool, table),
    rawOnStowagePool: {
      ...rawPostgresStore((await db.orm.em.getConnection().getNativeClient()) as pg.Pool, table),
      label: ON_STOWAGE_POOL,
    },
    unitOfWorkCreateMany: mikroOrmUnitOfWorkCreateMany(ormDb.orm),
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
      await ormDb.close();
      await db.close();
    },
  };
}
