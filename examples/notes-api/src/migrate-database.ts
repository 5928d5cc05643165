// What the app does to its database at start-up: apply the pending migrations of its dialect,
// under the database's migration lock (instances starting together wait for each other), then
// finish transactions a crashed process had committed.
import type { Stowage } from '@stowage/core';
import { createMigrations } from '@stowage/sql';
import { migrationsFolder } from './migrations-folder.ts';

export async function prepareDatabase(stowage: Stowage): Promise<{ applied: string[] }> {
  if (!stowage.database) throw new Error('unreachable: entities always get a database');
  const folder = migrationsFolder(stowage.config.database?.driver);
  const applied = await createMigrations(stowage.database, { folder }).up();
  await stowage.recover();
  return { applied };
}
