// Read replicas on the real MariaDB (STOWAGE_TEST_MYSQL_URL, default the local server). With
// one server, the "replica" is another database on it whose table holds different rows than the
// primary's, so every read shows which one answered: outside a transaction the replica, inside
// one (and for writes) the primary.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Logger, loadConfig, type ServerDatabaseConfig } from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { ConformanceAuthor } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
const config: ServerDatabaseConfig = parsed;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

// An entity of the testkit's (this package has no zod of its own): `name` tells the side that
// answered, `scope` is a field an update leaves alone.
const Item = ConformanceAuthor;

const suffix = randomBytes(6).toString('hex');
const primaryName = `stowage_primary_${suffix}`;
const replicaName = `stowage_replica_${suffix}`;
const id = randomUUID();
const replicaOnlyId = randomUUID();

let admin: SqlDatabase;
let database: SqlDatabase;
/** Databases opened on one side only, to look at what each holds. */
const direct: Record<'primary' | 'replica', SqlDatabase | undefined> = {
  primary: undefined,
  replica: undefined,
};

const openDirect = async (name: string) => {
  const opened = createDatabase({ ...config, name }, { logger: silent });
  await opened.register([Item]);
  return opened;
};
/** Rows with a chosen id (create() generates it). */
const insert = async (opened: SqlDatabase, rowId: string, name: string, scope: string) => {
  await opened.orm.em
    .getConnection()
    .execute(`insert into ${table} (id, scope, name) values (?, ?, ?)`, [rowId, scope, name]);
};
const table = 'conformance_author';
const rowOn = (side: 'primary' | 'replica', rowId: string) => {
  const opened = direct[side];
  if (!opened) throw new Error(`${side} is not open`);
  return opened.repository(Item).findOne({ id: rowId });
};

beforeAll(async () => {
  admin = createDatabase(config, { logger: silent });
  await admin.register([]);
  for (const [side, name] of [
    ['primary', primaryName],
    ['replica', replicaName],
  ] as const) {
    await admin.orm.em
      .getConnection()
      .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
    const opened = await openDirect(name);
    direct[side] = opened;
    await opened.syncSchema();
    await insert(opened, id, side, `${side} scope`);
  }
  // A second row only on the replica, so counts differ too.
  if (direct.replica) await insert(direct.replica, replicaOnlyId, 'replica', 'only here');
  database = createDatabase(
    { ...config, name: primaryName, replicas: [{ host: config.host, port: config.port, name: replicaName }] },
    { logger: silent },
  );
  await database.register([Item]);
});

afterAll(async () => {
  await database?.close();
  await direct.primary?.close();
  await direct.replica?.close();
  if (admin) {
    for (const name of [primaryName, replicaName])
      await admin.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
    await admin.close();
  }
});

describe('read replicas (mariadb)', () => {
  it('sends find, findOne and count outside a transaction to the replica', async () => {
    const items = database.repository(Item);
    expect(await items.findOne({ id })).toMatchObject({ name: 'replica' });
    expect((await items.find({ id })).map((item) => item.name)).toEqual(['replica']);
    expect(await items.count({ name: 'replica' })).toBe(2);
    expect(await items.count()).toBe(2);
  });

  it('sends findById outside a transaction to the replica', async () => {
    // The lean findById statement runs on the read connection, like MikroORM's own reads.
    expect(await database.repository(Item).findById(id)).toMatchObject({ name: 'replica' });
  });

  it('sends every read inside a transaction to the primary', async () => {
    await database.transaction(async (tx) => {
      const items = tx.repository(Item);
      expect(await items.findById(id)).toMatchObject({ name: 'primary' });
      expect(await items.findOne({ id })).toMatchObject({ name: 'primary' });
      expect((await items.find({ id })).map((item) => item.name)).toEqual(['primary']);
      expect(await items.count({ name: 'replica' })).toBe(0);
      expect(await items.count()).toBe(1);
    });
  });

  it('writes to the primary, in and outside a transaction', async () => {
    const items = database.repository(Item);
    const created = await items.create({ scope: 'new', name: 'created' });
    expect(await rowOn('primary', created.id)).toMatchObject({ name: 'created' });
    expect(await rowOn('replica', created.id)).toBeNull();

    await items.update(id, { name: 'updated' });
    expect(await rowOn('primary', id)).toMatchObject({ name: 'updated', scope: 'primary scope' });
    expect(await rowOn('replica', id)).toMatchObject({ name: 'replica', scope: 'replica scope' });

    await database.transaction(async (tx) => {
      await tx.repository(Item).update(id, { name: 'in a transaction' });
    });
    expect(await rowOn('primary', id)).toMatchObject({ name: 'in a transaction' });
    expect(await rowOn('replica', id)).toMatchObject({ name: 'replica' });
  });

  it('returns what a write stored, read back from the primary', async () => {
    // update() reads the row back from the primary: a replica may not have the change yet.
    const updated = await database.repository(Item).update(id, { name: 'read back' });
    expect(updated).toEqual({ id, name: 'read back', scope: 'primary scope' });
  });
});
