// A fresh database per test on the test servers' PostgreSQL and MariaDB (STOWAGE_TEST_POSTGRES_URL,
// STOWAGE_TEST_MYSQL_URL), made and dropped with their own clients (psql, mariadb), and a way to
// run SQL in it, for seeding and for looking behind the CLI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { scratchDatabases, testDatabaseUrl, testServerConfig } from '@stowage/test-support';
import { type CliProject, cliProject } from './cli-project.test-support.ts';

const exec = promisify(execFile);

export type ServerDriver = 'postgres' | 'mariadb';

export interface TestDatabase {
  driver: ServerDriver;
  name: string;
  /** DATABASE_URL for the CLI. */
  url: string;
  /** Runs SQL in this database (or `other`); rows as tab-separated lines. */
  sql(statement: string, other?: string): Promise<string>;
  /** A further empty database on the same server, dropped with this one. */
  sibling(): Promise<string>;
  drop(): Promise<void>;
}

const servers = { postgres: testServerConfig('postgres'), mariadb: testServerConfig('mysql') };

/** Runs `statement` in `database` as `as` (default the server's admin); rows as tab-separated lines. */
async function run(
  driver: ServerDriver,
  database: string,
  statement: string,
  as?: { user: string; password: string },
): Promise<string> {
  const { host, port } = servers[driver];
  const user = as?.user ?? servers[driver].user;
  const password = as ? as.password : servers[driver].password;
  const [command, args] =
    driver === 'postgres'
      ? [
          'psql',
          [
            '-h',
            host,
            '-p',
            `${port}`,
            '-U',
            user,
            '-d',
            database,
            '-v',
            'ON_ERROR_STOP=1',
            '-tAF',
            '\t',
            '-c',
            statement,
          ],
        ]
      : // utf8mb4 whatever the locale (CI runs with none): names and rows may hold any character.
        [
          'mariadb',
          [
            '--default-character-set=utf8mb4',
            '-h',
            host,
            '-P',
            `${port}`,
            '-u',
            user,
            '-N',
            '-B',
            '-e',
            statement,
            database,
          ],
        ];
  // Both servers trust local test connections; a password in the URL is passed on all the same.
  const env = { ...process.env, ...(password ? { PGPASSWORD: password, MYSQL_PWD: password } : {}) };
  const { stdout } = await exec(command, args, { env });
  return stdout.trim();
}

/** Runs `statement` as `user` with `password`, the way an application's role would: 'ok' or the error. */
export function asRole(
  driver: ServerDriver,
  database: string,
  user: string,
  password: string,
  statement: string,
): Promise<string> {
  return run(driver, database, statement, { user, password }).then(
    () => 'ok',
    (error: { stderr?: string }) => error.stderr ?? 'failed',
  );
}

export async function testDatabase(driver: ServerDriver): Promise<TestDatabase> {
  const admin = servers[driver].name;
  const scratch = scratchDatabases(
    driver === 'postgres' ? 'postgres' : 'mysql',
    (statement) => run(driver, admin, statement),
    'stowage_cli',
  );
  const name = await scratch.create();
  const url = new URL(testDatabaseUrl(driver === 'postgres' ? 'postgres' : 'mysql', name));
  // The MariaDB driver name, as an operator of MariaDB writes it.
  if (driver === 'mariadb') url.protocol = 'mariadb:';
  return {
    driver,
    name,
    url: url.href,
    sql: (statement, other) => run(driver, other ?? name, statement),
    sibling: scratch.create,
    drop: scratch.dropAll,
  };
}

/** A CLI project on `driver`: SQLite in the project folder, or a fresh server database. */
export async function driverProject(
  driver: 'sqlite' | ServerDriver,
  env: Record<string, string> = {},
): Promise<{ project: CliProject; database: TestDatabase | undefined }> {
  if (driver === 'sqlite') {
    return {
      project: await cliProject({ DB_DRIVER: 'sqlite', DB_NAME: './app.sqlite', ...env }),
      database: undefined,
    };
  }
  const database = await testDatabase(driver);
  return { project: await cliProject({ DATABASE_URL: database.url, ...env }), database };
}
