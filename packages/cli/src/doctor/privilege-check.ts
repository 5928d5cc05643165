// The least-privilege check of `stowage doctor`: the application should not connect as a
// superuser, nor as the owner of its schema (PostgreSQL), nor with rights to create, alter or
// drop tables (MySQL/MariaDB) — those belong to the migration role (`stowage db roles`).
import type { CheckResult, Database, ServerDatabaseConfig } from '@stowage/core';
import { failedCheck, openDatabase } from '@stowage/core/internal';
import { sql } from 'kysely';
import type { CliContext } from '../cli-context.ts';

const CHECK = 'privileges';
const FIX = 'connect the application as a role with only DML: `stowage db roles` prints one';

async function postgresFindings(database: Database): Promise<string[]> {
  const { rows } = await sql<{ superuser: boolean; owner: boolean }>`
    select r.rolsuper as superuser,
           coalesce((select n.nspowner = r.oid from pg_namespace n where n.nspname = 'public'), false) as owner
    from pg_roles r where r.rolname = current_user`.execute(database.sql as never);
  const [row] = rows;
  return [
    ...(row?.superuser ? ['connects as a superuser'] : []),
    ...(row?.owner ? ['connects as the owner of schema public'] : []),
  ];
}

/** Grants of DDL or global power, from SHOW GRANTS of the current user. */
const DDL_GRANT = /\b(ALL PRIVILEGES|SUPER|CREATE|ALTER|DROP)\b/;

async function mysqlFindings(database: Database): Promise<string[]> {
  const { rows } = await sql<Record<string, string>>`show grants`.execute(database.sql as never);
  const ddl = rows.map((row) => Object.values(row)[0] ?? '').filter((grant) => DDL_GRANT.test(grant));
  return ddl.length > 0 ? ['connects with rights to create, alter or drop tables'] : [];
}

export async function checkPrivileges(
  context: CliContext,
  config: ServerDatabaseConfig,
): Promise<CheckResult> {
  try {
    const database = await openDatabase(config, { logger: context.logger });
    try {
      await database.register([]);
      const findings =
        config.driver === 'postgres' ? await postgresFindings(database) : await mysqlFindings(database);
      if (findings.length === 0) {
        return { check: CHECK, status: 'ok', detail: `${config.user} reads and writes rows only` };
      }
      return { check: CHECK, status: 'warn', detail: `${config.user} ${findings.join(' and ')}`, fix: FIX };
    } finally {
      await database.close();
    }
  } catch (error) {
    return failedCheck(CHECK, error, 'fix the database check first');
  }
}
