// The PostgreSQL backup tool against the real server: what a dump records matches what a restore
// of its bytes holds, restores are all-or-nothing, and names or values shaped like SQL stay data.
import { Readable } from 'node:stream';
import {
  BackendError,
  IntegrityError,
  NotFoundError,
  NotSupportedError,
  UnavailableError,
} from '@stowage/core';
import { describe, expect, it } from 'vitest';
import {
  config,
  databaseExists,
  dumpToBuffer,
  freshDatabase,
  readAll,
  sql,
  toolFor,
} from './backup.test-support.ts';

/** Two schemas, most column types, NULLs, a column named like the checksum's alias, migrations. */
async function seed(database: string): Promise<void> {
  await sql(
    database,
    `create schema billing;
     create table public.users (id serial primary key, name text not null, t int, born date,
       seen timestamptz, tags text[], meta jsonb, avatar bytea, score double precision, balance numeric(12,2));
     insert into public.users (name, t, born, seen, tags, meta, avatar, score, balance) values
       ('Ada', 1, '1815-12-10', '2024-01-02 03:04:05.678+02', '{a,"b c"}', '{"k": [1, 2]}', '\\x00ff', 0.1, 12.5),
       ('Grace ☕', null, null, null, null, null, null, null, null),
       ('Linus', 3, '1969-12-28', now(), '{}', '[]', '\\x', 1e300, -0.01);
     create table billing.invoices (id bigint generated always as identity primary key,
       user_id int references public.users(id), total numeric, created timestamptz default now());
     insert into billing.invoices (user_id, total) select 1 + g % 3, g * 1.5 from generate_series(1, 5000) g;
     create table public.empty_one (x int);
     create table public.stowage_migrations (id serial primary key, name varchar(255), executed_at timestamptz default now());
     insert into public.stowage_migrations (name) values ('Migration20240101000000_init'), ('Migration20240202000000_invoices');`,
  );
}

describe('PostgreSQL backup tool', () => {
  it('restores a dump into a scratch database that checksums exactly as the dump recorded', async () => {
    const database = await freshDatabase();
    await seed(database);
    const tool = toolFor(database);
    expect(tool).toMatchObject({ driver: 'postgres', database, format: 'pg_dump-custom' });

    const { bytes, result } = await dumpToBuffer(tool);
    expect(bytes.subarray(0, 5).toString()).toBe('PGDMP');
    expect(result.lastMigration).toBe('Migration20240202000000_invoices');
    expect(result.tables.map((t) => t.table)).toEqual([
      'billing.invoices',
      'public.empty_one',
      'public.stowage_migrations',
      'public.users',
    ]);
    expect(result.tables.map((t) => t.rows)).toEqual([5000, 0, 2, 3]);
    expect(await tool.checksums()).toEqual(result.tables);

    const scratch = await tool.createScratch();
    expect(scratch).toMatch(/^stowage_verify_[0-9a-f]{16}$/);
    expect(await tool.tables(scratch)).toEqual([]);
    await tool.restore(Readable.from([bytes]), { target: scratch });
    expect(await tool.tables(scratch)).toEqual(result.tables.map((t) => t.table));
    expect(await tool.checksums(scratch)).toEqual(result.tables);
    await tool.dropScratch(scratch);
    expect(await databaseExists(scratch)).toBe(false);
  });

  it('measures the snapshot pg_dump dumps, not writes made while it runs', async () => {
    const database = await freshDatabase();
    await seed(database);
    const tool = toolFor(database);
    const session = await tool.dump();
    // The snapshot was exported when dump() resolved: this row is in neither the bytes nor the sums.
    await sql(database, `insert into public.users (name) values ('late')`);
    const [bytes, result] = await Promise.all([readAll(session.stream), session.done]);
    expect(result.tables.find((t) => t.table === 'public.users')?.rows).toBe(3);

    const target = await freshDatabase();
    await tool.restore(Readable.from([bytes]), { target });
    expect(await tool.checksums(target)).toEqual(result.tables);
    expect(await tool.checksums()).not.toEqual(result.tables);
  });

  it('reports no last migration without a migrations table, and reads a named one', async () => {
    const database = await freshDatabase();
    await sql(database, 'create table notes (id int); create table "schema_log" (id serial, name text)');
    const tool = toolFor(database);
    expect((await dumpToBuffer(tool)).result.lastMigration).toBeNull();

    await sql(database, `insert into schema_log (name) values ('first'), ('second')`);
    const session = await tool.dump({ migrationsTable: 'schema_log' });
    const [, result] = await Promise.all([readAll(session.stream), session.done]);
    expect(result.lastMigration).toBe('second');
  });

  it('leaves the target as it was when the dump is truncated', async () => {
    const database = await freshDatabase();
    await seed(database);
    const tool = toolFor(database);
    const { bytes } = await dumpToBuffer(tool);
    const target = await freshDatabase();

    // Cut inside the invoices' data, after pg_restore has created the tables.
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.75));
    const failure = await tool.restore(Readable.from([cut]), { target }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendError);
    expect((failure as BackendError).context).toMatchObject({ database: target, halfRestored: false });
    expect((failure as Error).message).toMatch(/rolled back.*is as it was/);
    expect(await tool.tables(target)).toEqual([]);
  });

  it('commits nothing when the source fails after its last byte (a checksum checked at the end)', async () => {
    const database = await freshDatabase();
    await seed(database);
    const tool = toolFor(database);
    const { bytes } = await dumpToBuffer(tool);
    const target = await freshDatabase();

    const mismatch = IntegrityError.checksum('backup.dump.gz', 'aa', 'bb');
    async function* wholeDumpThenFault() {
      for (let at = 0; at < bytes.length; at += 16 * 1024) yield bytes.subarray(at, at + 16 * 1024);
      // Give pg_restore every byte it was passed the time to finish, were it able to.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      throw mismatch;
    }
    await expect(tool.restore(Readable.from(wholeDumpThenFault()), { target })).rejects.toBe(mismatch);
    expect(await tool.tables(target)).toEqual([]);
  });

  it('refuses a non-empty target without force, and replaces its tables with force', async () => {
    const database = await freshDatabase();
    await seed(database);
    const tool = toolFor(database);
    const { bytes, result } = await dumpToBuffer(tool);
    const target = await freshDatabase();
    await tool.restore(Readable.from([bytes]), { target });
    await sql(
      target,
      `update public.users set name = 'changed' where id = 1; delete from billing.invoices where id < 100`,
    );
    const changed = await tool.checksums(target);
    expect(changed).not.toEqual(result.tables);

    await expect(tool.restore(Readable.from([bytes]), { target })).rejects.toBeInstanceOf(BackendError);
    expect(await tool.checksums(target)).toEqual(changed);

    await tool.restore(Readable.from([bytes]), { target, force: true });
    expect(await tool.checksums(target)).toEqual(result.tables);
  });

  it('round-trips names and values that look like SQL injection verbatim', async () => {
    const database = await freshDatabase();
    const evil = "Robert'); drop table x;--";
    const schema = 'we"ird; schema';
    await sql(
      database,
      `create table x (id int); insert into x values (1);
       create schema "we""ird; schema";
       create table "we""ird; schema"."Robert'); drop table x;--" ("na""me" text, t text)`,
    );
    await sql(
      database,
      `insert into "we""ird; schema"."Robert'); drop table x;--" values ($1, $2), ($2, $1)`,
      [evil, `"; select pg_sleep(10);--`],
    );
    const tool = toolFor(database);
    const { bytes, result } = await dumpToBuffer(tool);
    expect(result.tables.map((t) => t.table)).toEqual(['public.x', `${schema}.${evil}`]);

    const target = await freshDatabase();
    await tool.restore(Readable.from([bytes]), { target });
    expect(await tool.checksums(target)).toEqual(result.tables);
    const rows = await sql(
      target,
      `select "na""me" as name from "we""ird; schema"."Robert'); drop table x;--" order by 1`,
    );
    expect(rows.map((row) => row.name)).toEqual([`"; select pg_sleep(10);--`, evil]);
    expect(await sql(target, 'select id from x')).toEqual([{ id: 1 }]);
  });

  it('checksums ignore row order and change when one value changes', async () => {
    // A column named t: the digest must hash the whole row, not a column named like its alias.
    const [a, b] = [await freshDatabase(), await freshDatabase()];
    await sql(
      a,
      `create table items (t int, label text); insert into items values (1, 'one'), (2, 'two'), (3, 'three')`,
    );
    await sql(
      b,
      `create table items (t int, label text); insert into items values (3, 'three'), (1, 'one'), (2, 'two')`,
    );
    const before = await toolFor(a).checksums();
    expect(await toolFor(b).checksums()).toEqual(before);

    await sql(b, `update items set label = 'TWO' where t = 2`);
    const after = await toolFor(b).checksums();
    expect(after[0]?.rows).toBe(3);
    expect(after[0]?.checksum).not.toBe(before[0]?.checksum);
  });

  it('drops only scratch databases it could have created', async () => {
    const database = await freshDatabase();
    const tool = toolFor(database);
    for (const name of [database, config.name, 'stowage_verify_x; drop database test']) {
      await expect(tool.dropScratch(name)).rejects.toBeInstanceOf(NotSupportedError);
    }
    expect(await databaseExists(database)).toBe(true);
  });

  it('aborts a dump: done rejects, the stream errors, the snapshot transaction ends', async () => {
    const database = await freshDatabase();
    await seed(database);
    const tool = toolFor(database);
    const session = await tool.dump();
    session.abort();
    await expect(session.done).rejects.toMatchObject({ code: 'BACKEND', context: { aborted: true } });
    // Destroyed: a reader's pipeline fails (premature close) rather than taking the bytes for whole.
    await expect(readAll(session.stream)).rejects.toThrow();
    await expect
      .poll(async () =>
        sql(
          database,
          `select 1 from pg_stat_activity where datname = $1 and application_name = 'stowage-backup'`,
          [database],
        ),
      )
      .toEqual([]);
  });

  it('passes the password to pg_dump in its environment, never in its argv', async () => {
    const fs = await import('node:fs/promises');
    const database = await freshDatabase();
    await seed(database);
    // The server trusts local connections, so any password is accepted and merely carried.
    const password = `pw-${database}`;
    const tool = toolFor(database, { password });
    const session = await tool.dump();
    // Unread, pg_dump blocks on a full pipe and stays alive to be inspected. Debian's pg_dump is a
    // Perl wrapper that execs the real binary in the same process: wait for the binary.
    const running = async () => {
      const found: { argv: string[]; env: string }[] = [];
      for (const pid of (await fs.readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
        const env = await fs.readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
        if (!env.includes(`PGPASSWORD=${password}`)) continue;
        const argv = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
        found.push({ argv, env });
      }
      return found;
    };
    await expect
      .poll(async () => (await running()).map((p) => p.argv[0]?.split('/').pop()))
      .toEqual(['pg_dump']);
    const [pgDump] = await running();
    expect(pgDump?.argv).toContain('--compress=0');
    expect(pgDump?.argv.join(' ')).not.toContain(password);
    await Promise.all([readAll(session.stream), session.done]);
  });

  it('reports a server it cannot reach as UnavailableError, without the password', async () => {
    const database = await freshDatabase();
    const { bytes } = await dumpToBuffer(toolFor(database));
    const password = 'never-shown-S3cret';
    const tool = toolFor(database, { port: 1, password });
    for (const attempt of [
      () => tool.dump(),
      () => tool.checksums(),
      () => tool.createScratch(),
      () => tool.restore(Readable.from([bytes])),
    ]) {
      const failure = await attempt().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(UnavailableError);
      expect((failure as Error).message).not.toContain(password);
      expect(JSON.stringify((failure as UnavailableError).context)).not.toContain(password);
    }
  });

  it('names a restore target that does not exist', async () => {
    const database = await freshDatabase();
    const tool = toolFor(database);
    const { bytes } = await dumpToBuffer(tool);
    const failure = await tool
      .restore(Readable.from([bytes]), { target: 'stowage_no_such_db' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as NotFoundError).context).toMatchObject({ database: 'stowage_no_such_db' });
    expect((failure as Error).message).toContain('"stowage_no_such_db"');
  });
});
