// Scratch databases for `stowage backup verify`: an empty SQLite file in a temporary folder of its
// own, restored into, compared, and removed. Only paths of that shape may be removed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '@stowage/core';
import { openSqlite } from '../better-sqlite3.ts';

const FOLDER_PREFIX = 'stowage-verify-';
const FILE = 'scratch.sqlite';

export async function createScratchDatabase(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), FOLDER_PREFIX));
  const path = join(folder, FILE);
  openSqlite(path).close();
  return path;
}

export async function dropScratchDatabase(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  const made =
    basename(path) === FILE &&
    dirname(folder) === resolve(tmpdir()) &&
    basename(folder).startsWith(FOLDER_PREFIX);
  if (!made) {
    throw new ConfigError(
      `backup: ${JSON.stringify(path)} is not a scratch database file; refusing to remove it`,
    );
  }
  await rm(folder, { recursive: true, force: true });
}
