// Migrations on the real PostgreSQL (STOWAGE_TEST_POSTGRES_URL, default the local server), each
// test in a schema of its own: create from the entity definitions, up/status/down, a failed
// migration rolled back whole, and three processes running `up` at once (the advisory lock).
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

const url = process.env.STOWAGE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const parsed = loadConfig({ DATABASE_URL: url }).database;
if (!parsed) throw new Error('STOWAGE_TEST_POSTGRES_URL is not a database URL');
// Narrowed once here: functions below do not see the check above.
const config = parsed;

const run = promisify(execFile);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const opened: SqlDatabase[] = [];
const schemas: string[] = [];

afterAll(async () => {
  const admin = await open(undefined);
  for (const schema of schemas) {
    await admin.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
  }
  await Promise.all(opened.map((database) => database.close()));
});

const tempDir = () => mkdtemp(join(tmpdir(), 'stowage-migrations-'));

async function newSchema() {
  const schema = `stowage_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  await (await open(undefined)).orm.em.getConnection().execute(`create schema "${schema}"`);
  return schema;
}

async function open(schema: string | undefined, entities: EntityDefinition[] = []) {
  const database = createDatabase(config, { logger: silent }, schema ? { schema } : undefined);
  opened.push(database);
  await database.register(entities);
  return database;
}

async function tables(database: SqlDatabase, schema: string): Promise<string[]> {
  const rows = (await database.orm.em
    .getConnection()
    .execute('select table_name from information_schema.tables where table_schema = ? order by table_name', [
      schema,
    ])) as { table_name: string }[];
  return rows.map((row) => row.table_name);
}

/** Two generated migrations: counters, then authors (the second from a changed entity list). */
async function twoMigrations(folder: string, schema: string) {
  const first = await createMigrations(await open(schema, [ConformanceCounter]), { folder }).create(
    'Add counters',
  );
  const database = await open(schema, [ConformanceCounter, ConformanceAuthor]);
  const migrations = createMigrations(database, { folder });
  const second = await migrations.create('add authors');
  if (!first || !second) throw new Error('expected two migrations');
  return { database, migrations, first, second };
}

describe('postgres migrations', () => {
  it('creates migrations from the entity definitions, and none when nothing changed', async () => {
    const schema = await newSchema();
    const folder = join(await tempDir(), 'migrations');
    const { database, migrations, first, second } = await twoMigrations(folder, schema);

    expect(first.name).toMatch(/^\d{14}_add_counters$/);
    expect(first.path).toBe(join(folder, `${first.name}.mjs`));
    expect(second.name > first.name).toBe(true);
    expect(await readFile(first.path, 'utf8')).toMatch(/create table .*conformance_counter/);
    const secondCode = await readFile(second.path, 'utf8');
    expect(secondCode).toMatch(/create table .*conformance_author/);
    expect(secondCode).not.toMatch(/conformance_counter/);

    expect(await migrations.create('nothing new')).toBeNull();
    expect(isStowageError(await migrations.create('').catch((e: unknown) => e), 'VALIDATION')).toBe(true);
    expect(await tables(database, schema)).not.toContain('conformance_counter');
  });

  it('applies with up, lists executed and pending in status, and reverts with down', async () => {
    const schema = await newSchema();
    const { database, migrations, first, second } = await twoMigrations(
      join(await tempDir(), 'migrations'),
      schema,
    );

    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });
    expect(await migrations.up({ to: first.name })).toEqual([first.name]);
    const status = await migrations.status();
    expect(status.executed.map((m) => m.name)).toEqual([first.name]);
    expect(status.executed[0]?.executedAt).toBeInstanceOf(Date);
    expect(status.pending).toEqual([second.name]);

    expect(await migrations.up()).toEqual([second.name]);
    expect(await tables(database, schema)).toEqual(
      expect.arrayContaining(['conformance_author', 'conformance_counter', 'stowage_migrations']),
    );
    await database.repository(ConformanceCounter).create({ scope: 's', name: 'n' });

    expect(await migrations.down({ to: first.name })).toEqual([second.name]);
    expect(await tables(database, schema)).not.toContain('conformance_author');
    expect(await migrations.down({ to: 0 })).toEqual([first.name]);
    expect(await tables(database, schema)).not.toContain('conformance_counter');
    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });
  });

  it('rolls a failed migration back whole and keeps it pending', async () => {
    const schema = await newSchema();
    const folder = join(await tempDir(), 'migrations');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000000_broken.mjs'),
      `export function up(migration) {
  migration.addSql('create table "${schema}".broken_first (id integer)');
  migration.addSql('insert into "${schema}".no_such_table values (1)');
}
`,
    );
    const database = await open(schema);
    const migrations = createMigrations(database, { folder });

    const error = await migrations.up().catch((e: unknown) => e);
    expect(isStowageError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toContain('20200101000000_broken');
    expect((error as { context: Record<string, unknown> }).context.migration).toBe('20200101000000_broken');
    expect(await tables(database, schema)).not.toContain('broken_first');
    expect(await migrations.status()).toEqual({ executed: [], pending: ['20200101000000_broken'] });
  });

  it('gives up waiting for the lock with a retryable UnavailableError naming it', async () => {
    const target = await newSchema();
    const folder = join(await tempDir(), 'migrations');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000000_slow.mjs'),
      `export function up(migration) {
  migration.addSql('select pg_sleep(1.5)');
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
    const schema = await newSchema();
    const dir = await tempDir();
    const folder = join(dir, 'migrations');
    await mkdir(folder);
    await writeFile(
      join(folder, '20200101000001_create_tables.mjs'),
      `export function up(migration) {
  migration.addSql('create table "${schema}".item (id integer primary key)');
  migration.addSql('create table "${schema}".audit (note text)');
  migration.addSql('select pg_sleep(0.3)');
}
`,
    );
    await writeFile(
      join(folder, '20200101000002_seed.mjs'),
      `export function up(migration) {
  migration.addSql("insert into \\"${schema}\\".audit (note) values ('seeded')");
}
`,
    );
    const script = join(dir, 'up.mjs');
    await writeFile(script, CHILD_SCRIPT);
    const env = {
      ...process.env,
      STOWAGE_DRIVER_URL: import.meta.resolve('@stowage/postgres'),
      STOWAGE_SQL_URL: import.meta.resolve('@stowage/sql'),
      STOWAGE_DB_CONFIG: JSON.stringify(config),
      STOWAGE_ORM_OPTIONS: JSON.stringify({ schema }),
      STOWAGE_MIGRATIONS: folder,
    };

    const outputs = await Promise.all([1, 2, 3].map(() => run(process.execPath, [script], { env })));
    const applied = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(applied.sort()).toEqual(['20200101000001_create_tables', '20200101000002_seed']);

    const connection = (await open(schema)).orm.em.getConnection();
    const count = async (table: string) =>
      Number(
        ((await connection.execute(`select count(*) as n from "${schema}".${table}`)) as { n: unknown }[])[0]
          ?.n,
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
