// MariaDB/MySQL: a database of its own per run (utf8mb4), dropped at the end; Stowage, bare
// MikroORM, Drizzle and the raw path each on a mysql2 pool of their own, and the raw statements once
// more on Stowage's pool.
import { randomBytes } from 'node:crypto';
import { consoleLogger, loadConfig } from '@stowage/core';
import { createDatabase } from '@stowage/mysql';
import { drizzle } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import { drizzleMysqlStore } from './drizzle-mysql.ts';
import { BenchNote, TABLE } from './entity.ts';
import { mikroOrmStore, mikroOrmUnitOfWorkCreateMany } from './mikroorm-store.ts';
import { rawMariadbStore } from './raw-mariadb.ts';
import { stowageStore } from './stowage-store.ts';
import { ON_STOWAGE_POOL, type Target } from './target.ts';

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
  // Bare MikroORM on an ORM instance (so a pool) of its own, as on PostgreSQL.
  const ormDb = createDatabase(config, { logger: consoleLogger });
  await ormDb.register([BenchNote]);

  const pool = () =>
    mysql.createPool({
      host: config.host,
      port: config.port,
      database: name,
      user: config.user,
      ...(config.password === undefined ? {} : { password: config.password }),
      charset: 'utf8mb4_bin',
      // Stowage stores datetime columns as UTC (forceUtcTimezone); so do the raw and Drizzle paths.
      timezone: 'Z',
      connectionLimit: 2,
    });
  const rawPool = pool();
  const drizzlePool = pool();

  return {
    name: `MariaDB (${config.host}:${config.port}, database ${name})`,
    stowage: stowageStore(db),
    mikroorm: mikroOrmStore(ormDb.orm, false),
    // No `mode` here: drizzle-orm 0.45's isConfig() rejects any config object that has one.
    drizzle: drizzleMysqlStore(drizzle({ client: drizzlePool })),
    raw: rawMariadbStore(rawPool),
    rawOnStowagePool: {
      ...rawMariadbStore(
        ((await db.orm.em.getConnection().getNativeClient()) as { promise(): mysql.Pool }).promise(),
      ),
      label: ON_STOWAGE_POOL,
    },
    unitOfWorkCreateMany: mikroOrmUnitOfWorkCreateMany(ormDb.orm),
    async truncate() {
      await rawPool.query(`truncate table \`${TABLE}\``);
    },
    async count() {
      const [rows] = await rawPool.query<mysql.RowDataPacket[]>(`select count(*) as n from \`${TABLE}\``);
      return Number(rows[0]?.n);
    },
    async close() {
      await rawPool.end();
      await drizzlePool.end();
      await db.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      await ormDb.close();
      await db.close();
    },
  };
}
