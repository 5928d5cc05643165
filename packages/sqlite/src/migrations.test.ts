// Migrations on SQLite: create from the entity definitions, up/status/down, a failed migration, and
// three processes running `up` at once against one database file (the lock-row path).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EntityDefinition, isStowageError, type Logger } from '@stowage/core';
import { createMigrations, type SqlDatabase } from '@stowage/sql';
import { ConformanceAuthor, ConformanceCounter } from '@stowage/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const run = promisify(execFile);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const opened: SqlDatabase[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
});

const tempDir = () => mkdtemp(join(tmpdir(), 'stowage-migrations-'));

async function open(path: string, entities: EntityDefinition[] = []) {
  const database = createDatabase({ driver: 'sqlite', path }, { logger: silent });
  opened.push(database);
  await database.register(entities);
  return database;
}

async function tables(database: SqlDatabase): Promise<string[]> {
  const rows = (await database.orm.em
    .getConnection()
    .execute(`select name from sqlite_master where type = 'table' order by name`)) as { name: string }[];
  return rows.map((row) => row.name);
}

/** Two generated migrations: counters, then authors (the second from a changed entity list). */
async function twoMigrations(folder: string, path: string) {
  const first = await createMigrations(await open(path, [ConformanceCounter]), { folder }).create(
    'Add counters',
  );
  const database = await open(path, [ConformanceCounter, ConformanceAuthor]);
  const migrations = createMigrations(database, { folder });
  const second = await migrations.create('add authors');
  if (!first || !second) throw new Error('expected two migrations');
  return { database, migrations, first, second };
}

describe('sqlite migrations', () => {
  it('creates migrations from the entity definitions, and none when nothing changed', async () => {
    const dir = await tempDir();
    const folder = join(dir, 'migrations');
    const path = join(dir, 'app.sqlite');
    const { migrations, first, second } = await twoMigrations(folder, path);

    expect(first.name).toMatch(/^\d{14}_add_counters$/);
    expect(first.path).toBe(join(folder, `${first.name}.mjs`));
    expect(second.name).toMatch(/^\d{14}_add_authors$/);
    expect(second.name > first.name).toBe(true);
    const firstCode = await readFile(first.path, 'utf8');
    expect(firstCode).toMatch(/"create table `conformance_counter`/);
    const secondCode = await readFile(second.path, 'utf8');
    expect(secondCode).toMatch(/"create table `conformance_author`/);
    expect(secondCode).not.toMatch(/conformance_counter/);

    expect(await migrations.create('nothing new')).toBeNull();
    const invalid = await migrations.create(' !! ').catch((e: unknown) => e);
    expect(isStowageError(invalid, 'VALIDATION')).toBe(true);
    // Creating touches no database: nothing has been applied.
    expect(await tables(await open(path))).not.toContain('conformance_counter');
  });

  it('applies with up, lists executed and pending in status, and reverts with down', async () => {
    const dir = await tempDir();
    const { database, migrations, first, second } = await twoMigrations(
      join(dir, 'migrations'),
      join(dir, 'app.sqlite'),
    );

    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });
    expect(await migrations.up({ to: first.name })).toEqual([first.name]);
    const status = await migrations.status();
    expect(status.executed.map((m) => m.name)).toEqual([first.name]);
    expect(status.executed[0]?.executedAt).toBeInstanceOf(Date);
    expect(status.pending).toEqual([second.name]);

    expect(await migrations.up()).toEqual([second.name]);
    expect(await migrations.up()).toEqual([]);
    expect(await tables(database)).toEqual(
      expect.arrayContaining(['conformance_author', 'conformance_counter']),
    );
    // The tables are the ones the repositories use.
    await database.repository(ConformanceCounter).create({ scope: 's', name: 'n' });

    expect(await migrations.down({ to: first.name })).toEqual([second.name]);
    expect(await tables(database)).not.toContain('conformance_author');
    expect(await migrations.down({ to: 0 })).toEqual([first.name]);
    expect(await tables(database)).not.toContain('conformance_counter');
    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });

    const unknown = await migrations.up({ to: 'nope' }).catch((e: unknown) => e);
    expect(isStowageError(unknown, 'VALIDATION')).toBe(true);
  });

  it('leaves the schema as it was when a migration fails, and keeps it pending', async () => {
    const dir = await tempDir();
    const folder = join(dir, 'migrations');
    const database = await open(join(dir, 'app.sqlite'));
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000000_broken.mjs'),
      `export function up(migration) {
  migration.addSql('create table broken_first (id integer)');
  migration.addSql('insert into no_such_table values (1)');
}
`,
    );
    const migrations = createMigrations(database, { folder });

    const error = await migrations.up().catch((e: unknown) => e);
    expect(isStowageError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toContain('20200101000000_broken');
    expect((error as { context: Record<string, unknown> }).context.migration).toBe('20200101000000_broken');
    expect(await tables(database)).not.toContain('broken_first');
    expect(await migrations.status()).toEqual({ executed: [], pending: ['20200101000000_broken'] });
  });

  it('gives up waiting for a held lock with a retryable UnavailableError naming it', async () => {
    const dir = await tempDir();
    const database = await open(join(dir, 'app.sqlite'));
    const connection = database.orm.em.getConnection();
    // What another process's running `up` looks like: a fresh lock row.
    await connection.execute(
      'create table stowage_migrations_lock (id integer primary key, owner text not null, refreshed_at integer not null)',
    );
    await connection.execute(`insert into stowage_migrations_lock values (1, 'other', ?)`, [Date.now()]);

    const migrations = createMigrations(database, { folder: join(dir, 'migrations'), lockTimeoutMs: 200 });
    const error = await migrations.up().catch((e: unknown) => e);
    expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect((error as Error).message).toContain('stowage_migrations_lock');
  });

  it('applies every migration exactly once when three processes run up at once', async () => {
    const dir = await tempDir();
    const folder = join(dir, 'migrations');
    const path = join(dir, 'app.sqlite');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000001_create_tables.mjs'),
      // The pause (SQLite has no sleep()) keeps the run going while the other processes start.
      `export async function up(migration) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  migration.addSql('create table item (id integer primary key)');
  migration.addSql('create table audit (note text)');
}
`,
    );
    await writeFile(
      join(folder, '20200101000002_seed.mjs'),
      `export function up(migration) {
  migration.addSql("insert into audit (note) values ('seeded')");
}
`,
    );
    const script = join(dir, 'up.mjs');
    await writeFile(script, CHILD_SCRIPT);
    const env = {
      ...process.env,
      STOWAGE_DRIVER_URL: import.meta.resolve('@stowage/sqlite'),
      STOWAGE_SQL_URL: import.meta.resolve('@stowage/sql'),
      STOWAGE_DB_CONFIG: JSON.stringify({ driver: 'sqlite', path }),
      STOWAGE_MIGRATIONS: folder,
    };

    const outputs = await Promise.all([1, 2, 3].map(() => run(process.execPath, [script], { env })));
    const applied = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(applied.sort()).toEqual(['20200101000001_create_tables', '20200101000002_seed']);

    const connection = (await open(path)).orm.em.getConnection();
    expect(await connection.execute('select count(*) as n from stowage_migrations')).toEqual([{ n: 2 }]);
    expect(await connection.execute('select count(*) as n from audit')).toEqual([{ n: 1 }]);
  });
});

/** Runs `up` in a child process with the built packages, printing the names it applied. */
const CHILD_SCRIPT = `
const { createDatabase } = await import(process.env.STOWAGE_DRIVER_URL);
const { createMigrations } = await import(process.env.STOWAGE_SQL_URL);
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const orm = process.env.STOWAGE_ORM_OPTIONS ? JSON.parse(process.env.STOWAGE_ORM_OPTIONS) : undefined;
const database = createDatabase(JSON.parse(process.env.STOWAGE_DB_CONFIG), { logger }, orm);
await database.register([]);
try {
  const migrations = createMigrations(database, { folder: process.env.STOWAGE_MIGRATIONS, lockTimeoutMs: 30000 });
  process.stdout.write(JSON.stringify(await migrations.up()));
} finally {
  await database.close();
}
`;
