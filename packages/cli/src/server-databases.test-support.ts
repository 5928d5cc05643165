// A fresh database per test on the machine's PostgreSQL and MariaDB, made and dropped with their
// own clients (psql, mariadb), and a way to run SQL in it, for seeding and for looking behind the
// CLI. Passwords are not needed: both servers trust local test connections.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
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

const PG = { host: process.env.STOWAGE_TEST_PG_HOST ?? '127.0.0.1', port: 5432, user: 'postgres' };
const MARIA = { host: '127.0.0.1', port: 3306, user: 'root' };

async function run(driver: ServerDriver, database: string, statement: string): Promise<string> {
  const { stdout } =
    driver === 'postgres'
      ? await exec('psql', [
          '-h',
          PG.host,
          '-p',
          String(PG.port),
          '-U',
          PG.user,
          '-d',
          database,
          '-v',
          'ON_ERROR_STOP=1',
          '-tAF',
          '\t',
          '-c',
          statement,
        ])
      : await exec('mariadb', [
          '-h',
          MARIA.host,
          '-P',
          String(MARIA.port),
          '-u',
          MARIA.user,
          '-N',
          '-B',
          '-e',
          statement,
          database,
        ]);
  return stdout.trim();
}

export async function testDatabase(driver: ServerDriver): Promise<TestDatabase> {
  const names: string[] = [];
  const create = async () => {
    const name = `stowage_cli_${randomBytes(5).toString('hex')}`;
    await run(
      driver,
      'test',
      driver === 'postgres'
        ? `create database ${name}`
        : `create database ${name} character set utf8mb4 collate utf8mb4_bin`,
    );
    names.push(name);
    return name;
  };
  const name = await create();
  const url =
    driver === 'postgres'
      ? `postgres://${PG.user}@${PG.host}:${PG.port}/${name}`
      : `mariadb://${MARIA.user}@${MARIA.host}:${MARIA.port}/${name}`;
  return {
    driver,
    name,
    url,
    sql: (statement, other) => run(driver, other ?? name, statement),
    sibling: create,
    async drop() {
      for (const db of names) {
        await run(
          driver,
          'test',
          driver === 'postgres'
            ? `drop database if exists ${db} with (force)`
            : `drop database if exists ${db}`,
        );
      }
    },
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
