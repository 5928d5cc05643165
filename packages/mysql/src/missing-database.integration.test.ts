// Bad input: a mistyped database name on the real MariaDB. Opening it is a ConfigError naming
// DB_NAME (never a new, empty database); creating it is explicit (ensureDatabase, createIfMissing).
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@stowage/core';
import { createMigrations } from '@stowage/sql';
import { silentLogger, testServerConfig } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from './index.ts';

const admin = createDatabase(testServerConfig('mysql'), { logger: silentLogger });
const created: string[] = [];

/** A database name no run has used, remembered so afterAll drops it if a test created it. */
function unusedName(suffix = ''): string {
  const name = `stowage_missing_${randomBytes(5).toString('hex')}${suffix}`;
  created.push(name);
  return name;
}

/** The configuration an operator's DATABASE_URL with `name` in it gives. */
const configNaming = (name: string) => testServerConfig('mysql', name);

/** The database's character set and collation, or undefined when the server has no such database. */
async function schemaOf(name: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await admin.orm.em
    .getConnection()
    .execute(
      'select default_character_set_name as charset, default_collation_name as collation from information_schema.schemata where schema_name = ?',
      [name],
    );
  return row;
}

beforeAll(() => admin.register([]));
afterAll(async () => {
  for (const name of created) {
    await admin.orm.em.getConnection().execute(`drop database if exists \`${name.replaceAll('`', '``')}\``);
  }
  await admin.close();
});

describe('a database that does not exist', () => {
  it('is a ConfigError naming DATABASE_URL (where the name was written) and the fix, and the server gains no database', async () => {
    const name = unusedName();
    const database = createDatabase(configNaming(name), { logger: silentLogger });
    const error = await database.register([]).then(
      () => undefined,
      (e: unknown) => e,
    );
    await database.close();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'DATABASE_URL' });
    const message = (error as Error).message;
    expect(message).toMatch(/^DATABASE_URL: /);
    expect(message).toContain(`"${name}" on 127.0.0.1:3306 does not exist`);
    expect(message).toContain('stowage db create');
    expect(message).toContain('ensureDatabase: true');
    expect(await schemaOf(name)).toBeUndefined();
  });

  it('is not created by the migrations either', async () => {
    const name = unusedName();
    const database = createDatabase(configNaming(name), { logger: silentLogger });
    await expect(
      database.register([]).then(() => createMigrations(database, { folder: '/nonexistent' }).up()),
    ).rejects.toBeInstanceOf(ConfigError);
    await database.close();
    expect(await schemaOf(name)).toBeUndefined();
  });
});

describe('creating a database explicitly', () => {
  it('ensureDatabase: true creates it once, in utf8mb4_bin; opening it again with the option is fine', async () => {
    const name = unusedName();
    for (let run = 0; run < 2; run++) {
      const database = createDatabase(configNaming(name), { logger: silentLogger }, { ensureDatabase: true });
      await database.register([]);
      const [row] = await database.orm.em.getConnection().execute('select database() as name');
      expect(row).toEqual({ name });
      await database.close();
    }
    expect(await schemaOf(name)).toEqual({ charset: 'utf8mb4', collation: 'utf8mb4_bin' });
  });

  it('createIfMissing() creates it when missing and then reports it exists; concurrent calls all succeed', async () => {
    const name = unusedName();
    const open = () => createDatabase(configNaming(name), { logger: silentLogger });
    const results = await Promise.all([open(), open(), open()].map((d) => d.createIfMissing()));
    expect(results).toContain(true);
    expect(await open().createIfMissing()).toBe(false);
    expect(await schemaOf(name)).toBeDefined();
  });

  it('quotes the name: one with a backtick and a semicolon is created as named', async () => {
    const name = unusedName('`; drop database test; --');
    expect(await createDatabase(configNaming(name), { logger: silentLogger }).createIfMissing()).toBe(true);
    expect(await schemaOf(name)).toBeDefined();
    expect(await schemaOf('test')).toBeDefined();
  });
});
