// `stowage backup` end to end on SQLite, PostgreSQL and MariaDB, backups in BACKUP_STORAGE_PATH as
// plain files (sha256sum -c works on them): create → list → verify → restore into a fresh database (rows read back through Stowage equal
// the source's); a corrupt or truncated backup refused before the target is touched; a target
// that is not empty refused without --force; an unknown id named with how to find ids.
import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliProject } from './cli-project.test-support.ts';
import { driverProject, type ServerDriver, type TestDatabase } from './server-databases.test-support.ts';

interface Manifest {
  id: string;
  driver: string;
  size: number;
  sha256: string;
  lastMigration: string | null;
  tables: { table: string; rows: number; checksum: string }[];
}

const run = promisify(execFile);

const drivers: ('sqlite' | ServerDriver)[] = ['sqlite', 'postgres', 'mariadb'];

describe.each(drivers)('stowage backup on %s', (driver) => {
  let project: CliProject;
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await project?.cleanup();
    await database?.drop();
    database = undefined;
  });

  /** A migrated, seeded database and a backup of it. */
  const backedUp = async () => {
    ({ project, database } = await driverProject(driver, { BACKUP_STORAGE_PATH: './backups' }));
    expect((await project.run(['migrate', 'create', 'initial'])).code).toBe(0);
    expect((await project.run(['migrate', 'up'])).code).toBe(0);
    await project.seed(25);
    const created = await project.json<Manifest>(['backup', 'create']);
    expect(created.code, created.stderr).toBe(0);
    return created.data;
  };

  /** A fresh, empty target: its --to value and the environment that reads it through Stowage. */
  const freshTarget = async () => {
    if (driver === 'sqlite') return { to: './restored.sqlite', env: { DB_NAME: './restored.sqlite' } };
    const name = await (database as TestDatabase).sibling();
    const url = (database as TestDatabase).url.replace(/\/[^/]+$/, `/${name}`);
    return { to: name, env: { DATABASE_URL: url } };
  };

  /** Tables in the target, looked at without Stowage (which would create its migrations table). */
  const tablesIn = async (target: { to: string }) => {
    if (driver === 'sqlite') return (await readdir(project.dir)).includes('restored.sqlite') ? -1 : 0;
    const db = database as TestDatabase;
    const sql =
      driver === 'postgres'
        ? "select count(*) from pg_tables where schemaname = 'public'"
        : `select count(*) from information_schema.tables where table_schema = '${target.to}'`;
    return Number(await db.sql(sql, target.to));
  };

  /** A backup's dump as a plain file in BACKUP_STORAGE_PATH. */
  const dumpFile = (id: string) => join(project.dir, 'backups', id, 'dump.gz');

  it('creates, lists, verifies and restores into a fresh database with equal rows', async () => {
    const manifest = await backedUp();
    expect(manifest.driver).toBe(driver === 'mariadb' ? 'mariadb' : driver);
    expect(manifest.lastMigration).toMatch(/^\d{14}_initial$/);
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.table.replace(/^public\./, ''), t.rows]));
    expect(rows).toMatchObject({ author: 25, book: 50, stowage_migrations: 1 });
    const bytes = await readFile(dumpFile(manifest.id));
    expect(bytes.length).toBe(manifest.size);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    // Checkable with nothing of Stowage installed, and private to its owner.
    const folder = join(project.dir, 'backups', manifest.id);
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder });
    expect(sums.stdout).toContain('dump.gz: OK');
    expect((await stat(dumpFile(manifest.id))).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);

    const listed = await project.json<Manifest[]>(['backup', 'list']);
    expect(listed.data.map((m) => m.id)).toEqual([manifest.id]);

    const verified = await project.json<{ tables: number; rows: number }>(['backup', 'verify', manifest.id]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.data.rows).toBe(manifest.tables.reduce((n, t) => n + t.rows, 0));

    const target = await freshTarget();
    const restored = await project.run(['backup', 'restore', manifest.id, '--to', target.to]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('checksums equal');
    const source = await project.rows();
    expect(await project.rows(target.env)).toEqual(source);
    expect(JSON.stringify(source)).toContain("Robert'); DROP TABLE book;--");
  });

  it("is restorable with only gunzip and the database's own tool, as an operator at 3 a.m. would", async () => {
    const manifest = await backedUp();
    const target = await freshTarget();
    const dump = dumpFile(manifest.id);
    // What README's recipe says, through a shell, with nothing of Stowage in the pipeline.
    const restore =
      driver === 'postgres'
        ? `gunzip -c "${dump}" | pg_restore --no-owner -h 127.0.0.1 -U postgres -d "${target.to}"`
        : driver === 'mariadb'
          ? `gunzip -c "${dump}" | mariadb -h 127.0.0.1 -u root "${target.to}"`
          : `gunzip -c "${dump}" > "${join(project.dir, 'restored.sqlite')}" && sqlite3 "${join(project.dir, 'restored.sqlite')}" 'pragma integrity_check'`;
    const restored = await run('bash', ['-c', `set -o pipefail; ${restore}`]).catch((error) => {
      throw new Error(`manual restore failed: ${(error as { stderr?: string }).stderr}`);
    });
    if (driver === 'sqlite') expect(restored.stdout.trim()).toBe('ok');
    expect(await project.rows(target.env)).toEqual(await project.rows());
  });

  it('refuses a corrupt or truncated backup with a checksum error, leaving the target untouched', async () => {
    const manifest = await backedUp();
    const target = await freshTarget();
    const file = dumpFile(manifest.id);
    const original = await readFile(file);

    const flipped = Buffer.from(original);
    const middle = Math.floor(flipped.length / 2);
    flipped.writeUInt8(flipped.readUInt8(middle) ^ 0xff, middle);
    await writeFile(file, flipped);
    const corrupt = await project.run(['backup', 'restore', manifest.id, '--to', target.to]);
    expect(corrupt.code).toBe(6);
    expect(corrupt.stderr).toMatch(/corrupt or truncated: its SHA-256 is [0-9a-f]{64}, the manifest says/);
    expect(await tablesIn(target)).toBe(0);

    await writeFile(file, original.subarray(0, Math.floor(original.length / 3)));
    const truncated = await project.run(['backup', 'verify', manifest.id]);
    expect(truncated.code).toBe(6);
    expect(await tablesIn(target)).toBe(0);
  });

  it('refuses a target that is not empty unless forced, and names how to find backup ids', async () => {
    const manifest = await backedUp();
    const refused = await project.run(['backup', 'restore', manifest.id]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(
      /is not empty \(\d+ tables: .*\); restore into an empty database, or pass --force/,
    );

    const before = await project.rows();
    // A table the backup does not have: PostgreSQL's restore leaves it (and says so), MariaDB's
    // forced restore drops everything first.
    if (database) await database.sql('create table not_in_backup (id int primary key)');
    const forced = await project.run(['backup', 'restore', manifest.id, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await project.rows()).toEqual(before);
    if (driver === 'postgres') {
      expect(forced.stdout).toContain('left as they were (not in the backup): public.not_in_backup');
    }
    if (driver === 'mariadb') {
      expect(await (database as TestDatabase).sql("show tables like 'not_in_backup'")).toBe('');
    }

    const unknown = await project.run(['backup', 'restore', '20200101T000000Z-postgres-x-abcd']);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain('`stowage backup list` shows the ids');
    const malformed = await project.run(['backup', 'verify', '../../etc']);
    expect(malformed.code).toBe(5);
  });
});
