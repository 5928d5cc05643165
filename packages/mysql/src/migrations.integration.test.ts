// Migrations on the real MariaDB/MySQL (STOWAGE_TEST_MYSQL_URL, default the local server), each
// test in a database of its own: create from the entity definitions, up/status/down, a failed
// migration (DDL commits implicitly: its first table stays, the migration stays pending), and
// three processes running `up` at once (GET_LOCK).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EntityDefinition, isStowageError, type Logger, loadConfig } from '@stowage/core';
import { createMigrations, type SqlDatabase } from '@stowage/sql';
import { ConformanceAuthor, ConformanceCounter } from '@stowage/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const url = process.env.STOWAGE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed || parsed.driver === 'sqlite') throw new Error('STOWAGE_TEST_MYSQL_URL is not a MySQL URL');
// Narrowed once here: functions below do not see the check above.
const config = parsed;

const run = promisify(execFile);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const opened: SqlDatabase[] = [];
const databases: string[] = [];

afterAll(async () => {
  const admin = await open(undefined);
  for (const name of databases)
    await admin.orm.em.getConnection().execute(`drop database if exists \`${name}\``);
  await Promise.all(opened.map((database) => database.close()));
});

const tempDir = () => mkdtemp(join(tmpdir(), 'stowage-migrations-'));

async function newDatabase() {
  const name = `stowage_${randomBytes(6).toString('hex')}`;
  databases.push(name);
  await (await open(undefined)).orm.em
    .getConnection()
    .execute(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
  return name;
}

async function open(name: string | undefined, entities: EntityDefinition[] = []) {
  const database = createDatabase(name ? { ...config, name } : config, { logger: silent });
  opened.push(database);
  await database.register(entities);
  return database;
}

async function tables(database: SqlDatabase, name: string): Promise<string[]> {
  const rows = (await database.orm.em
    .getConnection()
    .execute('select table_name as name from information_schema.tables where table_schema = ? order by 1', [
      name,
    ])) as { name: string }[];
  return rows.map((row) => row.name);
}

/** Two generated migrations: counters, then authors (the second from a changed entity list). */
async function twoMigrations(folder: string, name: string) {
  const first = await createMigrations(await open(name, [ConformanceCounter]), { folder }).create(
    'Add counters',
  );
  const database = await open(name, [ConformanceCounter, ConformanceAuthor]);
  const migrations = createMigrations(database, { folder });
  const second = await migrations.create('add authors');
  if (!first || !second) throw new Error('expected two migrations');
  return { database, migrations, first, second };
}

describe('mariadb migrations', () => {
  it('creates migrations from the entity definitions, and none when nothing changed', async () => {
    const name = await newDatabase();
    const folder = join(await tempDir(), 'migrations');
    const { database, migrations, first, second } = await twoMigrations(folder, name);

    expect(first.name).toMatch(/^\d{14}_add_counters$/);
    expect(first.path).toBe(join(folder, `${first.name}.mjs`));
    expect(second.name > first.name).toBe(true);
    expect(await readFile(first.path, 'utf8')).toMatch(/create table .*conformance_counter/);
    const secondCode = await readFile(second.path, 'utf8');
    expect(secondCode).toMatch(/create table .*conformance_author/);
    expect(secondCode).not.toMatch(/conformance_counter/);

    expect(await migrations.create('nothing new')).toBeNull();
    expect(isStowageError(await migrations.create('').catch((e: unknown) => e), 'VALIDATION')).toBe(true);
    expect(await tables(database, name)).not.toContain('conformance_counter');
  });

  it('applies with up, lists executed and pending in status, and reverts with down', async () => {
    const name = await newDatabase();
    const { database, migrations, first, second } = await twoMigrations(
      join(await tempDir(), 'migrations'),
      name,
    );

    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });
    expect(await migrations.up({ to: first.name })).toEqual([first.name]);
    const status = await migrations.status();
    expect(status.executed.map((m) => m.name)).toEqual([first.name]);
    expect(status.executed[0]?.executedAt).toBeInstanceOf(Date);
    expect(status.pending).toEqual([second.name]);

    expect(await migrations.up()).toEqual([second.name]);
    expect(await tables(database, name)).toEqual(
      expect.arrayContaining(['conformance_author', 'conformance_counter', 'stowage_migrations']),
    );
    await database.repository(ConformanceCounter).create({ scope: 's', name: 'n' });

    expect(await migrations.down({ to: first.name })).toEqual([second.name]);
    expect(await tables(database, name)).not.toContain('conformance_author');
    expect(await migrations.down({ to: 0 })).toEqual([first.name]);
    expect(await tables(database, name)).not.toContain('conformance_counter');
    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });
  });

  // The documented MySQL limitation: DDL commits implicitly, so a failed migration's earlier
  // statements stay applied; the migration itself stays pending and the error names it.
  it('keeps a failed migration pending and names it (its earlier DDL stays: implicit commits)', async () => {
    const name = await newDatabase();
    const folder = join(await tempDir(), 'migrations');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000000_broken.mjs'),
      `export function up(migration) {
  migration.addSql('create table broken_first (id integer)');
  migration.addSql('insert into no_such_table values (1)');
}
`,
    );
    const database = await open(name);
    const migrations = createMigrations(database, { folder });

    const error = await migrations.up().catch((e: unknown) => e);
    expect(isStowageError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toContain('20200101000000_broken');
    expect((error as { context: Record<string, unknown> }).context.migration).toBe('20200101000000_broken');
    expect(await tables(database, name)).toContain('broken_first');
    expect(await migrations.status()).toEqual({ executed: [], pending: ['20200101000000_broken'] });
  });

  it('gives up waiting for the lock with a retryable UnavailableError naming it', async () => {
    const target = await newDatabase();
    const folder = join(await tempDir(), 'migrations');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000000_slow.mjs'),
      `export function up(migration) {
  migration.addSql('do sleep(1.5)');
}
`,
    );
    const running = createMigrations(await open(target), { folder }).up();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const error = await createMigrations(await open(target), { folder, lockTimeoutMs: 200 })
      .up()
      .catch((e: unknown) => e);
    expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect((error as Error).message).toContain('stowage_migrations');
    expect(await running).toEqual(['20200101000000_slow']);
  });

  it('applies every migration exactly once when three processes run up at once', async () => {
    const name = await newDatabase();
    const dir = await tempDir();
    const folder = join(dir, 'migrations');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000001_create_tables.mjs'),
      `export function up(migration) {
  migration.addSql('create table item (id integer primary key)');
  migration.addSql('create table audit (note text)');
  migration.addSql('do sleep(0.3)');
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
      STOWAGE_DRIVER_URL: import.meta.resolve('@stowage/mysql'),
      STOWAGE_SQL_URL: import.meta.resolve('@stowage/sql'),
      STOWAGE_DB_CONFIG: JSON.stringify({ ...config, name: name }),
      STOWAGE_MIGRATIONS: folder,
    };

    const outputs = await Promise.all([1, 2, 3].map(() => run(process.execPath, [script], { env })));
    const applied = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(applied.sort()).toEqual(['20200101000001_create_tables', '20200101000002_seed']);

    const connection = (await open(name)).orm.em.getConnection();
    const count = async (table: string) =>
      Number(
        ((await connection.execute(`select count(*) as n from \`${table}\``)) as { n: unknown }[])[0]?.n,
      );
    expect(await count('stowage_migrations')).toBe(2);
    expect(await count('audit')).toBe(1);
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
