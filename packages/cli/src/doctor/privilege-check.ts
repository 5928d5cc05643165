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
  // Membership counts: a member of the schema's owner can do what the owner does.
  const { rows } = await sql<Record<string, boolean>>`
    select r.rolsuper as superuser,
           coalesce((select pg_has_role(current_user, n.nspowner, 'USAGE') from pg_namespace n
                     where n.nspname = 'public'), false) as schema_owner,
           has_schema_privilege(current_user, 'public', 'CREATE') as create_tables,
           has_database_privilege(current_user, current_database(), 'CREATE') as create_schemas,
           pg_has_role(current_user, (select datdba from pg_database where datname = current_database()),
                       'USAGE') as database_owner
    from pg_roles r where r.rolname = current_user`.execute(database.sql as never);
  const [row] = rows;
  const findings: [string, string][] = [
    ['superuser', 'connects as a superuser'],
    ['schema_owner', 'owns (or is a member of the owner of) schema public'],
    ['database_owner', 'owns (or is a member of the owner of) the database'],
    ['create_tables', 'may create tables in schema public'],
    ['create_schemas', 'may create schemas in the database'],
  ];
  return findings.filter(([column]) => row?.[column] === true).map(([, finding]) => finding);
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
