// A restore that fails on the real MariaDB: into an empty target, what it created is dropped again
// and the error says it was rolled back; over a target replaced with force, the error says the
// target is half-restored.
import { BackendError, isStowageError } from '@stowage/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDatabase, readAll, streamOf, type TestDatabase } from './backup.test-support.ts';
import { openConnection } from './open-connection.ts';

let db: TestDatabase;
beforeEach(async () => {
  db = await openTestDatabase();
  await db.query('create table a (id int primary key, v text)');
  await db.query('create table b (id int primary key, v text)');
  await db.query('create table c (id int primary key, v text)');
  for (const table of ['a', 'b', 'c']) {
    for (let row = 0; row < 200; row++)
      await db.query(`insert into ${table} values (?, repeat('x', 200))`, [row]);
  }
});
afterEach(async () => {
  await db.close();
});

async function dumpBytes() {
  const session = await db.tool.dump();
  const [bytes] = await Promise.all([readAll(session.stream), session.done]);
  return bytes;
}

async function objectsIn(database: string) {
  const [rows] = await db.connection.query(
    'select table_name as name from information_schema.tables where table_schema = ? union all select routine_name from information_schema.routines where routine_schema = ?',
    [database, database],
  );
  return rows;
}

it('leaves an empty target empty when a truncated dump fails, and says it rolled back', async () => {
  const bytes = await dumpBytes();
  // Cut after the second table's structure: table a is complete, b is cut mid-way.
  const cut = bytes.indexOf('CREATE TABLE `b`') + 40;
  const target = await db.another();
  const failure = await db.tool.restore(streamOf(bytes.subarray(0, cut)), { target }).catch((error) => error);
  expect(failure).toBeInstanceOf(BackendError);
  expect(failure.message).toMatch(/rolled back/);
  expect(failure.context).toMatchObject({ target, rolledBack: true });
  expect(await objectsIn(target)).toEqual([]);
});

it('treats a dump cut at a statement boundary as truncated, though every statement ran', async () => {
  const bytes = await dumpBytes();
  const cut = bytes.indexOf('\n', bytes.indexOf('CREATE TABLE `b`')) + 1;
  const boundary = bytes.indexOf(';\n', bytes.indexOf('INSERT INTO `b`')) + 2;
  expect(boundary).toBeGreaterThan(cut);
  const target = await db.another();
  const failure = await db.tool
    .restore(streamOf(bytes.subarray(0, boundary)), { target })
    .catch((error) => error);
  expect(failure).toBeInstanceOf(BackendError);
  expect(failure.message).toMatch(/truncated.*rolled back|rolled back.*truncated/s);
  expect(await objectsIn(target)).toEqual([]);
});

it('rolls back when the source stream itself breaks', async () => {
  const bytes = await dumpBytes();
  const target = await db.another();
  const { Readable } = await import('node:stream');
  const broken = Readable.from(
    (async function* pieces() {
      yield bytes.subarray(0, bytes.indexOf('INSERT INTO `b`'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      throw new Error('gunzip: unexpected end of file');
    })(),
  );
  const failure = await db.tool.restore(broken, { target }).catch((error) => error);
  expect(failure).toBeInstanceOf(BackendError);
  expect(failure.message).toMatch(/unexpected end of file/);
  expect(failure.message).toMatch(/rolled back/);
  expect(await objectsIn(target)).toEqual([]);
});

it('says a forced restore that fails left the target half-restored', async () => {
  const bytes = await dumpBytes();
  const target = await db.another();
  const other = await openConnection({ ...db.config, name: target }, target);
  await other.query('create table old (id int)');
  await other.end();
  const cut = bytes.indexOf('CREATE TABLE `c`') + 20;
  const failure = await db.tool
    .restore(streamOf(bytes.subarray(0, cut)), { target, force: true })
    .catch((error) => error);
  expect(isStowageError(failure, 'BACKEND')).toBe(true);
  expect(failure.context).toMatchObject({ target, halfRestored: true });
  expect(failure.message).toMatch(/half-restored/);
  expect(failure.message).toMatch(/restore it again or drop it/);
});

it('restores a dump into another name with the full dump after a failed attempt', async () => {
  const bytes = await dumpBytes();
  const target = await db.another();
  await db.tool.restore(streamOf(bytes.subarray(0, bytes.length - 200)), { target }).catch(() => {});
  await db.tool.restore(streamOf(bytes), { target });
  expect(await db.tool.checksums(target)).toEqual(await db.tool.checksums());
});
