// The SQLite backup tool on real database files: a restored copy reproduces the dump's checksums,
// values and names round-trip verbatim, a failed restore leaves the target as it was, and a forced
// one replaces it.
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackendError, ConfigError, ConflictError, NotFoundError } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../better-sqlite3.ts';
import { openTestFolder, readAll, streamOf, type TestFolder } from './backup.test-support.ts';
import { createBackupTool } from './create-backup-tool.ts';

let t: TestFolder;
beforeEach(async () => {
  t = await openTestFolder();
});
afterEach(async () => {
  await t.close();
});

async function dumpBytes(migrationsTable?: string) {
  const session = await t.tool.dump(migrationsTable ? { migrationsTable } : {});
  const [bytes, result] = await Promise.all([readAll(session.stream), session.done]);
  return { bytes, result, copy: String((session.stream as unknown as { path: string }).path) };
}

function seedLibrary() {
  t.db.exec(`
    create table author (id integer primary key, name text not null, photo blob, rating real);
    create table book (id integer primary key, author_id integer references author (id), title text, big integer);
    insert into author values (1, 'Ada', x'00ff10', 4.5), (2, 'Grace', null, null);
    insert into book values (1, 1, 'Notes', 9007199254740993), (2, 2, null, -9223372036854775808);
  `);
}

const gone = (path: string) =>
  stat(path).then(
    () => false,
    () => true,
  );

describe('sqlite backup tool', () => {
  it('describes the configured file and its format', () => {
    expect(t.tool).toMatchObject({ driver: 'sqlite', database: t.path, format: 'sqlite-file' });
  });

  it('restores a dump into a scratch file whose checksums equal the dump’s, and deletes its copy', async () => {
    seedLibrary();
    const { bytes, result, copy } = await dumpBytes();
    expect(bytes.subarray(0, 16).toString()).toBe('SQLite format 3\0');
    expect(result.tables.map((table) => [table.table, table.rows])).toEqual([
      ['author', 2],
      ['book', 2],
    ]);
    expect(result.lastMigration).toBeNull();
    expect(await gone(copy)).toBe(true);

    const scratch = await t.tool.createScratch();
    try {
      expect(await t.tool.tables(scratch)).toEqual([]);
      await t.tool.restore(streamOf(bytes), { target: scratch });
      expect(await t.tool.tables(scratch)).toEqual(['author', 'book']);
      expect(await t.tool.checksums(scratch)).toEqual(result.tables);
      expect(await t.tool.checksums()).toEqual(result.tables);
      const copyDb = openSqlite(scratch, { readonly: true });
      expect(copyDb.prepare('select big from book order by id').safeIntegers(true).raw(true).all()).toEqual([
        [9007199254740993n],
        [-9223372036854775808n],
      ]);
      copyDb.close();
    } finally {
      await t.tool.dropScratch(scratch);
    }
    expect(await gone(scratch)).toBe(true);
  });

  it('records the newest migration, from the default or a named table', async () => {
    t.db.exec(`
      create table stowage_migrations (id integer primary key autoincrement, name text, executed_at integer);
      insert into stowage_migrations (name) values ('20240101000000_first'), ('20240202000000_second');
      create table app_migrations (id integer primary key autoincrement, name text);
      insert into app_migrations (name) values ('20230101000000_only');
    `);
    expect((await dumpBytes()).result.lastMigration).toBe('20240202000000_second');
    expect((await dumpBytes('app_migrations')).result.lastMigration).toBe('20230101000000_only');
    expect((await dumpBytes('no_such_table')).result.lastMigration).toBeNull();
    await expect(t.tool.dump({ migrationsTable: 'x"; drop table y' })).rejects.toThrow(ConfigError);
  });

  it('round-trips SQL-injection-looking names and values verbatim', async () => {
    const table = `x"; drop table author; -- 'quoted' \`too\``;
    const quoted = `"${table.replaceAll('"', '""')}"`;
    t.db.exec(`create table ${quoted} (id integer primary key, "a'b""c" text, raw blob)`);
    const values = ["'); drop table author; --", 'back\\slash \\"', 'NULL', '', 'emoji 🦉', 'nul\0byte'];
    const insert = t.db.prepare(`insert into ${quoted} values (?, ?, ?)`);
    values.forEach((value, id) => {
      insert.run(id, value, Buffer.from(value));
    });
    const { bytes, result } = await dumpBytes();
    expect(result.tables.map((entry) => entry.table)).toEqual([table]);
    const target = join(t.folder, 'copy.sqlite');
    await t.tool.restore(streamOf(bytes), { target });
    expect(await t.tool.checksums(target)).toEqual(result.tables);
    const copy = openSqlite(target, { readonly: true });
    expect(copy.prepare(`select * from ${quoted} order by id`).all()).toEqual(
      values.map((value, id) => ({ id, 'a\'b"c': value, raw: Buffer.from(value) })),
    );
    copy.close();
  });

  it('tells storage classes apart, sees a changed row, and ignores row order', async () => {
    // No declared type: no affinity, each value keeps the storage class it came with.
    t.db.exec('create table t (id integer, v)');
    const checksum = async () => (await t.tool.checksums())[0]?.checksum;
    const seen = new Set<string | undefined>();
    for (const value of ['1', 1, 1.5, Buffer.from('1'), null]) {
      t.db.prepare('delete from t').run();
      t.db.prepare('insert into t values (1, ?)').run(value);
      seen.add(await checksum());
    }
    expect(seen.size).toBe(5);

    t.db.exec("delete from t; insert into t values (1, 'a'), (2, 'b'), (3, 'c')");
    const forward = await checksum();
    t.db.exec("delete from t; insert into t values (3, 'c'), (1, 'a'), (2, 'b')");
    expect(await checksum()).toBe(forward);
    t.db.exec("update t set v = 'B' where id = 2");
    expect(await checksum()).not.toBe(forward);
    expect((await t.tool.checksums())[0]?.rows).toBe(3);
  });

  it('dumps what was committed, not a write transaction still open on another connection', async () => {
    seedLibrary();
    const writer = openSqlite(t.path);
    writer.exec("begin; insert into author values (3, 'uncommitted', null, null)");
    try {
      const { bytes, result } = await dumpBytes();
      expect(result.tables.find((table) => table.table === 'author')?.rows).toBe(2);
      const target = join(t.folder, 'copy.sqlite');
      await t.tool.restore(streamOf(bytes), { target });
      expect(await t.tool.checksums(target)).toEqual(result.tables);
    } finally {
      writer.exec('rollback');
      writer.close();
    }
  });

  it('leaves the target as it was when the dump is truncated or is not SQLite', async () => {
    seedLibrary();
    const { bytes } = await dumpBytes();
    const missing = join(t.folder, 'missing.sqlite');
    const truncated = await t.tool
      .restore(streamOf(bytes.subarray(0, 1500)), { target: missing })
      .catch((e) => e);
    expect(truncated).toBeInstanceOf(BackendError);
    expect(truncated.message).toMatch(/unchanged/);
    expect(await gone(missing)).toBe(true);

    const empty = await t.tool.createScratch();
    try {
      const before = await readFile(empty);
      await expect(
        t.tool.restore(streamOf(Buffer.from('-- MariaDB dump\nCREATE TABLE x;')), { target: empty }),
      ).rejects.toThrow(BackendError);
      await expect(
        t.tool.restore(streamOf(bytes.subarray(0, bytes.length - 1024)), { target: empty }),
      ).rejects.toThrow(/unchanged/);
      expect(await readFile(empty)).toEqual(before);
      expect(await t.tool.tables(empty)).toEqual([]);
    } finally {
      await t.tool.dropScratch(empty);
    }
    // No temporary file stays behind beside the targets.
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(t.folder)).filter((name) => name.includes('.restore-'))).toEqual([]);
  });

  it('leaves the target untouched when the source stream breaks', async () => {
    seedLibrary();
    const target = join(t.folder, 'copy.sqlite');
    const { Readable } = await import('node:stream');
    const broken = Readable.from(
      (async function* pieces() {
        yield Buffer.alloc(4096);
        throw new Error('gunzip: unexpected end of file');
      })(),
    );
    await expect(t.tool.restore(broken, { target })).rejects.toThrow(/unexpected end of file/);
    expect(await gone(target)).toBe(true);
  });

  it('refuses a target holding tables without force, and replaces it with force, old WAL and all', async () => {
    seedLibrary();
    const { bytes, result } = await dumpBytes();

    // A target as a crashed process leaves it: a WAL holding writes never checkpointed.
    const staging = join(t.folder, 'staging.sqlite');
    const target = join(t.folder, 'target.sqlite');
    const old = openSqlite(staging);
    old.exec(
      "pragma journal_mode = wal; pragma wal_autocheckpoint = 0; create table leftover (v text); insert into leftover values ('old')",
    );
    await copyFile(staging, target);
    await copyFile(`${staging}-wal`, `${target}-wal`);
    old.close();
    expect(await t.tool.tables(target)).toEqual(['leftover']);

    await expect(t.tool.restore(streamOf(bytes), { target })).rejects.toThrow(ConflictError);
    expect(await t.tool.tables(target)).toEqual(['leftover']);

    await t.tool.restore(streamOf(bytes), { target, force: true });
    expect(await t.tool.tables(target)).toEqual(['author', 'book']);
    expect(await t.tool.checksums(target)).toEqual(result.tables);
    const check = openSqlite(target);
    expect(check.prepare('pragma integrity_check').raw(true).all()).toEqual([['ok']]);
    check.close();
  });

  it('replaces a file that is not SQLite when forced', async () => {
    seedLibrary();
    const { bytes, result } = await dumpBytes();
    const target = join(t.folder, 'garbage.sqlite');
    await writeFile(target, 'not a database at all, but long enough to look like a header........');
    await expect(t.tool.restore(streamOf(bytes), { target })).rejects.toThrow(BackendError);
    await t.tool.restore(streamOf(bytes), { target, force: true });
    expect(await t.tool.checksums(target)).toEqual(result.tables);
  });

  it('aborts a dump: done rejects and the copy is deleted', async () => {
    seedLibrary();
    const session = await t.tool.dump();
    const copy = String((session.stream as unknown as { path: string }).path);
    session.abort();
    await expect(session.done).rejects.toThrow(/aborted/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await gone(copy)).toBe(true);
  });

  it('refuses :memory:, a missing database, and scratch paths it did not make', async () => {
    const memory = createBackupTool({ driver: 'sqlite', path: ':memory:' }, { logger: silentLogger });
    await expect(memory.dump()).rejects.toThrow(ConfigError);
    await expect(memory.restore(streamOf(Buffer.alloc(0)))).rejects.toThrow(ConfigError);
    expect(await memory.tables()).toEqual([]);

    const missing = createBackupTool(
      { driver: 'sqlite', path: join(t.folder, 'none.sqlite') },
      { logger: silentLogger },
    );
    await expect(missing.dump()).rejects.toThrow(NotFoundError);
    expect(await missing.checksums()).toEqual([]);

    await expect(t.tool.dropScratch(t.path)).rejects.toThrow(ConfigError);
    await expect(t.tool.dropScratch(join(t.folder, 'scratch.sqlite'))).rejects.toThrow(ConfigError);
    expect(await gone(t.path)).toBe(false);
  });
});
