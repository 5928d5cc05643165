import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Database, isStowageError } from '@stowage/core';
import { expect, it } from 'vitest';
import { migrationsFolder, twoMigrations } from '../migration-files.ts';
import type { MigrationsSuiteContext } from '../suite-context.ts';

export function createTests<D extends Database>(ctx: MigrationsSuiteContext<D>): void {
  it('creates migrations from the entity definitions, and none when nothing changed', async () => {
    const folder = await migrationsFolder(ctx);
    const { database, migrations, first, second } = await twoMigrations(ctx, folder);

    expect(first.name).toMatch(/^\d{14}_add_counters$/);
    expect(first.path).toBe(join(folder, `${first.name}.mjs`));
    expect(second.name).toMatch(/^\d{14}_add_authors$/);
    expect(second.name > first.name).toBe(true);
    expect(await readFile(first.path, 'utf8')).toMatch(/create table .*conformance_counter/);
    const secondCode = await readFile(second.path, 'utf8');
    expect(secondCode).toMatch(/create table .*conformance_author/);
    expect(secondCode).not.toMatch(/conformance_counter/);

    expect(await migrations.create('nothing new')).toBeNull();
    for (const description of ['', ' !! ']) {
      const invalid = await migrations.create(description).catch((e: unknown) => e);
      expect(isStowageError(invalid, 'VALIDATION')).toBe(true);
    }
    // Creating touches no database: nothing has been applied.
    expect(await ctx.scope().tables(database)).not.toContain('conformance_counter');
  });
}
