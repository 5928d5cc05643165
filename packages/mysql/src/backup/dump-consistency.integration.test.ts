// The dump's recorded checksums describe exactly the bytes it wrote, on the real MariaDB, even
// while another connection writes; an aborted dump lets go of its lock and snapshot; a user
// without the RELOAD privilege still gets a dump, with a warning.
import { randomBytes } from 'node:crypto';
import { BackendError } from '@stowage/core';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  openTestDatabase,
  readAll,
  recordingLogger,
  streamOf,
  type TestDatabase,
} from './backup.test-support.ts';
import { createBackupTool } from './create-backup-tool.ts';
import { openConnection } from './open-connection.ts';

const ROWS = 20_000;

let db: TestDatabase;
beforeEach(async () => {
  db = await openTestDatabase();
  await db.query('create table event (id int primary key auto_increment, payload varchar(300))');
  // ~6 MB of dump: far more than the pipes between mariadb-dump and the reader hold.
  await db.query(`insert into event (payload) select repeat(md5(seq), 9) from seq_1_to_${ROWS}`);
});
afterEach(async () => {
  await db.close();
});

it('records checksums equal to the dumped bytes while another connection inserts', async () => {
  const session = await db.tool.dump();
  const reader = session.stream[Symbol.asyncIterator]();
  // The first chunk is there: the dump has begun (and its snapshot with it).
  const first = await reader.next();
  const writer = await openConnection(db.config, db.name);
  try {
    // Would wait on the global read lock if the dump still held it.
    await writer.query("insert into event (payload) values ('written during the dump')");
    await writer.query("update event set payload = 'changed during the dump' where id = 1");
  } finally {
    await writer.end();
  }
  const chunks = [first.value as Buffer];
  for (let next = await reader.next(); !next.done; next = await reader.next())
    chunks.push(next.value as Buffer);
  const result = await session.done;
  expect(result.tables).toEqual([expect.objectContaining({ table: 'event', rows: ROWS })]);

  const target = await db.another();
  await db.tool.restore(streamOf(Buffer.concat(chunks)), { target });
  expect(await db.tool.checksums(target)).toEqual(result.tables);
  const [now] = await db.tool.checksums();
  expect(now?.rows).toBe(ROWS + 1);
  expect(now?.checksum).not.toBe(result.tables[0]?.checksum);
});

it('aborts: done rejects, and the lock and snapshot are let go', async () => {
  const session = await db.tool.dump();
  session.abort();
  await expect(session.done).rejects.toThrow(BackendError);
  await expect(session.done).rejects.toThrow(/aborted/);
  const writer = await openConnection(db.config, db.name);
  try {
    await writer.query('set session lock_wait_timeout = 5');
    await writer.query("insert into event (payload) values ('after the abort')");
  } finally {
    await writer.end();
  }
});

it('dumps without the RELOAD privilege, warning that checksums may differ, with a password full of quotes', async () => {
  const user = `stowage_${randomBytes(4).toString('hex')}`;
  const password = `p"a'ss #word\\ with ; and = and\ttab`;
  await db.query('create user ?@? identified by ?', [user, '%', password]);
  try {
    await db.query(`grant all on \`${db.name}\`.* to ?@?`, [user, '%']);
    const logger = recordingLogger();
    const tool = createBackupTool({ ...db.config, user, password }, { logger });
    try {
      const session = await tool.dump();
      const [bytes, result] = await Promise.all([readAll(session.stream), session.done]);
      expect(logger.warnings).toEqual([expect.stringMatching(/RELOAD privilege.*checksums may differ/)]);
      expect(result.tables).toEqual(await db.tool.checksums());
      const target = await db.another();
      await db.tool.restore(streamOf(bytes), { target });
      expect(await db.tool.checksums(target)).toEqual(result.tables);
    } finally {
      await tool.close();
    }
  } finally {
    await db.query('drop user ?@?', [user, '%']);
  }
});
