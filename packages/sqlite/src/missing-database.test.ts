// Bad input for SQLite: opening creates the file (how a project starts) but not a missing folder,
// which is more often a mistyped DB_NAME; creating the folder is explicit.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'stowage-missing-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const configAt = (path: string) => {
  const config = loadConfig({ DB_DRIVER: 'sqlite', DB_NAME: path }).database;
  if (config?.driver !== 'sqlite') throw new Error('not a SQLite configuration');
  return config;
};

describe('a SQLite file', () => {
  it('in a folder that exists is created on open', async () => {
    const path = join(folder, 'app.sqlite');
    const database = createDatabase(configAt(path), { logger: silentLogger });
    await database.register([]);
    await database.close();
    expect(existsSync(path)).toBe(true);
  });

  it('in a folder that does not exist is a ConfigError naming DB_NAME, and nothing is created', async () => {
    const missing = join(folder, 'dta');
    const database = createDatabase(configAt(join(missing, 'app.sqlite')), { logger: silentLogger });
    const error = await database.register([]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'DB_NAME' });
    expect((error as Error).message).toContain(`its folder ${JSON.stringify(missing)} does not exist`);
    expect((error as Error).message).toContain('stowage db create');
    expect(existsSync(missing)).toBe(false);
  });

  it('in a missing folder is created with ensureDatabase: true, or by createIfMissing() once', async () => {
    const path = join(folder, 'a', 'b', 'app.sqlite');
    const database = createDatabase(configAt(path), { logger: silentLogger }, { ensureDatabase: true });
    await database.register([]);
    await database.close();
    expect(existsSync(path)).toBe(true);

    const other = join(folder, 'c', 'app.sqlite');
    expect(await createDatabase(configAt(other), { logger: silentLogger }).createIfMissing()).toBe(true);
    expect(await createDatabase(configAt(other), { logger: silentLogger }).createIfMissing()).toBe(false);
    const reopened = createDatabase(configAt(other), { logger: silentLogger });
    await reopened.register([]);
    await reopened.close();
  });

  it(':memory: needs no file', async () => {
    const database = createDatabase(configAt(':memory:'), { logger: silentLogger });
    expect(await database.createIfMissing()).toBe(false);
    await database.register([]);
    await database.close();
  });
});
