import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Database } from '@stowage/core';
import { expect, it } from 'vitest';
import { migrationsFolder, writeMigration } from '../migration-files.ts';
import type { MigrationsSuiteContext } from '../suite-context.ts';

const run = promisify(execFile);

export function concurrencyTests<D extends Database>(ctx: MigrationsSuiteContext<D>): void {
  it('applies every migration exactly once when three processes run up at once', async () => {
    const { driverUrl, sqlUrl, sleepSql, query } = ctx.options;
    const scope = ctx.scope();
    const folder = await migrationsFolder(ctx);
    const createTables = [
      `create table ${scope.table('item')} (id integer primary key)`,
      `create table ${scope.table('audit')} (note text)`,
    ];
    // The pause keeps the run going while the other processes start (in JavaScript where the
    // database has no sleep, as SQLite).
    if (sleepSql)
      await writeMigration(folder, '20200101000001_create_tables', [...createTables, sleepSql(0.3)]);
    else await writeMigration(folder, '20200101000001_create_tables', createTables, 300);
    await writeMigration(folder, '20200101000002_seed', [
      `insert into ${scope.table('audit')} (note) values ('seeded')`,
    ]);
    const script = join(ctx.dir(), 'up.mjs');
    await writeFile(script, CHILD_SCRIPT);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STOWAGE_DRIVER_URL: driverUrl,
      STOWAGE_SQL_URL: sqlUrl,
      STOWAGE_DB_CONFIG: JSON.stringify(scope.child.config),
      STOWAGE_MIGRATIONS: folder,
    };
    if (scope.child.orm !== undefined) env.STOWAGE_ORM_OPTIONS = JSON.stringify(scope.child.orm);

    const outputs = await Promise.all([1, 2, 3].map(() => run(process.execPath, [script], { env })));
    const applied = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(applied.sort()).toEqual(['20200101000001_create_tables', '20200101000002_seed']);

    const database = await scope.open();
    const count = async (table: string) =>
      Number(
        ((await query(database, `select count(*) as n from ${scope.table(table)}`)) as { n: unknown }[])[0]
          ?.n,
      );
    expect(await count('stowage_migrations')).toBe(2);
    expect(await count('audit')).toBe(1);
  });
}

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
