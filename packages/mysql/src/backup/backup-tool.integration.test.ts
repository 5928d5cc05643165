// Dump and restore on the real MariaDB: a restored copy reproduces the dump's checksums, values
// and names round-trip verbatim, and a forced restore replaces what the target held.
import { ConfigError, ConflictError } from '@stowage/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openTestDatabase,
  readAll,
  recordMigrations,
  streamOf,
  type TestDatabase,
} from './backup.test-support.ts';
import { openConnection } from './open-connection.ts';

let db: TestDatabase;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(async () => {
  await db.close();
});

async function dumpBytes(migrationsTable?: string) {
  const session = await db.tool.dump(migrationsTable ? { migrationsTable } : {});
  const [bytes, result] = await Promise.all([readAll(session.stream), session.done]);
  return { bytes, result };
}

async function seedLibrary() {
  await db.query(
    'create table author (id int primary key auto_increment, name varchar(100) not null, born date, photo blob, rating double)',
  );
  await db.query(
    'create table book (id bigint primary key, author_id int not null, title text, price decimal(10,2), meta json, foreign key (author_id) references author (id))',
  );
  await db.query(
    "insert into author (name, born, photo, rating) values ('Ada', '1815-12-10', x'00ff10', 4.5), ('Grace', null, null, null)",
  );
  await db.query(
    `insert into book values (9007199254740993, 1, 'Notes', 12.50, '{"a": [1, 2]}'), (2, 2, null, null, null)`,
  );
}

describe('mariadb backup tool', () => {
  it('describes the configured database and its format', () => {
    expect(db.tool).toMatchObject({ driver: 'mysql', database: db.name, format: 'mysql-dump-sql' });
  });

  it('restores a dump into a scratch database whose checksums equal the dump’s', async () => {
    await seedLibrary();
    const { bytes, result } = await dumpBytes();
    expect(result.tables.map((t) => [t.table, t.rows])).toEqual([
      ['author', 2],
      ['book', 2],
    ]);
    expect(result.lastMigration).toBeNull();

    const scratch = await db.tool.createScratch();
    try {
      expect(scratch).toMatch(/^stowage_verify_[0-9a-f]{16}$/);
      expect(await db.tool.tables(scratch)).toEqual([]);
      await db.tool.restore(streamOf(bytes), { target: scratch });
      expect(await db.tool.tables(scratch)).toEqual(['author', 'book']);
      expect(await db.tool.checksums(scratch)).toEqual(result.tables);
      expect(await db.tool.checksums()).toEqual(result.tables);
    } finally {
      await db.tool.dropScratch(scratch);
    }
    const [gone] = await db.query(
      'select count(*) as n from information_schema.schemata where schema_name = ?',
      [scratch],
    );
    expect(Number(gone?.n)).toBe(0);
  });

  it('records the newest migration of the snapshot, from the default or a named table', async () => {
    await recordMigrations(db, 'stowage_migrations', ['20240101000000_first', '20240202000000_second']);
    await recordMigrations(db, 'app_migrations', ['20230101000000_only']);
    expect((await dumpBytes()).result.lastMigration).toBe('20240202000000_second');
    expect((await dumpBytes('app_migrations')).result.lastMigration).toBe('20230101000000_only');
    await expect(db.tool.dump({ migrationsTable: 'x`; drop table y' })).rejects.toThrow(ConfigError);
  });

  it('round-trips SQL-injection-looking table names, column names and values verbatim', async () => {
    const table = 'x`; drop table author; -- \'quoted\' "too"';
    const column = 'a\'b"c`d, e';
    const quotedTable = `\`${table.replaceAll('`', '``')}\``;
    const quotedColumn = `\`${column.replaceAll('`', '``')}\``;
    await db.query(
      `create table ${quotedTable} (id int primary key, ${quotedColumn} text, raw varbinary(64))`,
    );
    const values = [
      "'); drop table author; --",
      'back\\slash \\" \\\' \\n not a newline',
      'NULL',
      '',
      'emoji 🦉 and ümlauts, commas, and "quotes"',
      'line\nbreak\ttab\0nul',
    ];
    for (const [index, value] of values.entries()) {
      await db.query(`insert into ${quotedTable} values (?, ?, ?)`, [index, value, Buffer.from(value)]);
    }
    await db.query(`insert into ${quotedTable} values (100, null, ?)`, [Buffer.from([0, 39, 96, 92, 255])]);
    const { bytes, result } = await dumpBytes();
    expect(result.tables.map((t) => t.table)).toEqual([table]);

    const target = await db.another();
    await db.tool.restore(streamOf(bytes), { target });
    expect(await db.tool.checksums(target)).toEqual(result.tables);
    const copy = await openConnection({ ...db.config, name: target }, target);
    try {
      const [rows] = await copy.query(`select * from ${quotedTable} order by id`);
      expect(rows).toEqual([
        ...values.map((value, id) => ({ id, [column]: value, raw: Buffer.from(value) })),
        { id: 100, [column]: null, raw: Buffer.from([0, 39, 96, 92, 255]) },
      ]);
    } finally {
      await copy.end();
    }
  });

  it('tells NULL, the word NULL and an empty string apart in checksums, and sees a changed row', async () => {
    await db.query('create table t (id int primary key, v varchar(10))');
    await db.query("insert into t values (1, null), (2, 'x')");
    const [first] = await db.tool.checksums();
    await db.query("update t set v = 'NULL' where id = 1");
    const [second] = await db.tool.checksums();
    await db.query("update t set v = '' where id = 1");
    const [third] = await db.tool.checksums();
    await db.query("update t set v = 'y' where id = 2");
    const [fourth] = await db.tool.checksums();
    const digests = [first, second, third, fourth].map((checksum) => checksum?.checksum);
    expect(new Set(digests).size).toBe(4);
    expect([first, second, third, fourth].map((checksum) => checksum?.rows)).toEqual([2, 2, 2, 2]);
  });

  it('lists and checksums base tables only, sorted', async () => {
    await db.query('create table zeta (id int)');
    await db.query('create table Alpha (id int)');
    await db.query('create view beta as select id from zeta');
    expect(await db.tool.tables()).toEqual(['Alpha', 'zeta']);
    expect((await db.tool.checksums()).map((t) => [t.table, t.rows, t.checksum])).toEqual([
      ['Alpha', 0, '0'],
      ['zeta', 0, '0'],
    ]);
  });

  it('refuses a target that holds tables without force, and replaces it with force', async () => {
    await seedLibrary();
    await db.query(
      'create trigger author_name before insert on author for each row set new.name = trim(new.name)',
    );
    const { bytes, result } = await dumpBytes();

    const target = await db.another();
    const other = await openConnection({ ...db.config, name: target }, target);
    try {
      await other.query('create table author (id int primary key, name text)');
      await other.query("insert into author values (1, 'someone else')");
      await other.query('create table leftover (id int)');
      await other.query('create view leftover_view as select id from leftover');

      await expect(db.tool.restore(streamOf(bytes), { target })).rejects.toThrow(ConflictError);
      expect(await db.tool.tables(target)).toEqual(['author', 'leftover']);

      await db.tool.restore(streamOf(bytes), { target, force: true });
      expect(await db.tool.tables(target)).toEqual(['author', 'book']);
      expect(await db.tool.checksums(target)).toEqual(result.tables);
      // The trigger came along with its table.
      await other.query("insert into author (name) values ('  padded  ')");
      const [rows] = await other.query("select name from author where name = 'padded'");
      expect(rows).toHaveLength(1);
    } finally {
      await other.end();
    }
  });

  it('drops only the scratch databases it makes', async () => {
    await expect(db.tool.dropScratch(db.name)).rejects.toThrow(ConfigError);
    await expect(db.tool.dropScratch('stowage_verify_../mysql')).rejects.toThrow(ConfigError);
    expect(await db.tool.tables()).toEqual([]);
  });
});
