// The suite's fixtures: hand-written migration files and two generated ones.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@stowage/core';
import { ConformanceAuthor, ConformanceCounter } from '../repository/entities.ts';
import type { MigrationsSuiteContext } from './suite-context.ts';

/** The current test's migrations folder, created empty. */
export async function migrationsFolder<D extends Database>(ctx: MigrationsSuiteContext<D>): Promise<string> {
  const folder = join(ctx.dir(), 'migrations');
  await mkdir(folder, { recursive: true });
  return folder;
}

/** Writes `${name}.mjs` whose up() runs `statements` in order, after pausing `pauseMs` if given. */
export async function writeMigration(
  folder: string,
  name: string,
  statements: string[],
  pauseMs?: number,
): Promise<void> {
  const lines = statements.map((sql) => `  migration.addSql(${JSON.stringify(sql)});`);
  if (pauseMs) lines.unshift(`  await new Promise((resolve) => setTimeout(resolve, ${pauseMs}));`);
  await writeFile(
    join(folder, `${name}.mjs`),
    `export async function up(migration) {\n${lines.join('\n')}\n}\n`,
  );
}

/** Two generated migrations: counters, then authors (the second from a changed entity list). */
export async function twoMigrations<D extends Database>(ctx: MigrationsSuiteContext<D>, folder: string) {
  const { createMigrations } = ctx.options;
  const scope = ctx.scope();
  const first = await createMigrations(await scope.open([ConformanceCounter]), { folder }).create(
    'Add counters',
  );
  const database = await scope.open([ConformanceCounter, ConformanceAuthor]);
  const migrations = createMigrations(database, { folder });
  const second = await migrations.create('add authors');
  if (!first || !second) throw new Error('expected two migrations');
  return { database, migrations, first, second };
}
