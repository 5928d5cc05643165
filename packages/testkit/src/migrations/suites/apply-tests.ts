import { type Database, isStowageError } from '@stowage/core';
import { expect, it } from 'vitest';
import { ConformanceCounter } from '../../repository/entities.ts';
import { migrationsFolder, twoMigrations } from '../migration-files.ts';
import type { MigrationsSuiteContext } from '../suite-context.ts';

export function applyTests<D extends Database>(ctx: MigrationsSuiteContext<D>): void {
  it('applies with up, lists executed and pending in status, and reverts with down', async () => {
    const { database, migrations, first, second } = await twoMigrations(ctx, await migrationsFolder(ctx));
    const tables = () => ctx.scope().tables(database);

    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });
    expect(await migrations.up({ to: first.name })).toEqual([first.name]);
    const status = await migrations.status();
    expect(status.executed.map((m) => m.name)).toEqual([first.name]);
    expect(status.executed[0]?.executedAt).toBeInstanceOf(Date);
    expect(status.pending).toEqual([second.name]);

    expect(await migrations.up()).toEqual([second.name]);
    expect(await migrations.up()).toEqual([]);
    expect(await tables()).toEqual(
      expect.arrayContaining(['conformance_author', 'conformance_counter', 'stowage_migrations']),
    );
    // The tables are the ones the repositories use.
    await database.repository(ConformanceCounter).create({ scope: 's', name: 'n' });

    expect(await migrations.down({ to: first.name })).toEqual([second.name]);
    expect(await tables()).not.toContain('conformance_author');
    expect(await migrations.down({ to: 0 })).toEqual([first.name]);
    expect(await tables()).not.toContain('conformance_counter');
    expect(await migrations.status()).toEqual({ executed: [], pending: [first.name, second.name] });

    const unknown = await migrations.up({ to: 'nope' }).catch((e: unknown) => e);
    expect(isStowageError(unknown, 'VALIDATION')).toBe(true);
  });
}
