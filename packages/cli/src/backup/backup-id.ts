// Backup ids sort by time (a UTC timestamp first), name the database, and are safe as an
// object-key segment: 20261128T091500Z-postgres-app-3f9a.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

const ID = /^\d{8}T\d{6}Z-[a-z0-9]+-[A-Za-z0-9_.-]{1,64}-[0-9a-f]{4}$/;

export function newBackupId(startedAt: Date, driver: string, database: string): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  // SQLite names a file: keep its base name; anything outside the safe set becomes "_".
  const name =
    basename(database)
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .slice(0, 64) || 'db';
  return `${stamp}-${driver}-${name}-${randomBytes(2).toString('hex')}`;
}

export function isBackupId(value: string): boolean {
  return ID.test(value);
}
