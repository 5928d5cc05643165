import { type Database, isStowageError } from '@stowage/core';
import { expect, it } from 'vitest';
import { migrationsFolder, writeMigration } from '../migration-files.ts';
import type { MigrationsSuiteContext } from '../suite-context.ts';

export function failureTests<D extends Database>(ctx: MigrationsSuiteContext<D>): void {
  const { createMigrations, transactionalDdl } = ctx.options;

  // Where DDL commits implicitly (MySQL) a failed migration's earlier statements stay applied;
  // everywhere the migration itself stays pending and the error names it.
  it(`keeps a failed migration pending and names it (its earlier DDL ${transactionalDdl ? 'rolled back' : 'stays: implicit commits'})`, async () => {
    const scope = ctx.scope();
    const folder = await migrationsFolder(ctx);
    await writeMigration(folder, '20200101000000_broken', [
      `create table ${scope.table('broken_first')} (id integer)`,
      `insert into ${scope.table('no_such_table')} values (1)`,
    ]);
    const database = await scope.open();
    const migrations = createMigrations(database, { folder });

    const error = await migrations.up().catch((e: unknown) => e);
    expect(isStowageError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toContain('20200101000000_broken');
    expect((error as { context: Record<string, unknown> }).context.migration).toBe('20200101000000_broken');
    if (transactionalDdl) expect(await scope.tables(database)).not.toContain('broken_first');
    else expect(await scope.tables(database)).toContain('broken_first');
    expect(await migrations.status()).toEqual({ executed: [], pending: ['20200101000000_broken'] });
  });

  it('gives up waiting for a held lock with a retryable UnavailableError naming it', async () => {
    const { holdLock, sleepSql } = ctx.options;
    const scope = ctx.scope();
    const folder = await migrationsFolder(ctx);
    let running: Promise<string[]> | undefined;
    let lockName = 'stowage_migrations';
    const database = await scope.open();
    if (holdLock) {
      lockName = await holdLock(database);
    } else {
      if (!sleepSql) throw new Error('migrations conformance: holdLock or sleepSql is required');
      await writeMigration(folder, '20200101000000_slow', [sleepSql(1.5)]);
      running = createMigrations(await scope.open(), { folder }).up();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }

    const error = await createMigrations(database, { folder, lockTimeoutMs: 200 })
      .up()
      .catch((e: unknown) => e);
    expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect((error as Error).message).toContain(lockName);
    if (running) expect(await running).toEqual(['20200101000000_slow']);
  });
}
