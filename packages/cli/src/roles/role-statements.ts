// The SQL of least privilege: a migration role that owns the schema (migrations, backups) and an
// application role with only DML on the tables and sequences (the outbox included), on
// PostgreSQL (the `public` schema, and default privileges for tables the migration role creates
// later) and MySQL/MariaDB (the database). Idempotent: roles are created when missing, their
// password set, the grants given again. Passwords are literals (DDL takes no bound values), so a
// printed plan shows a placeholder instead: secrets never reach the terminal.
import { ConfigError } from '@stowage/core';

export interface RolePlan {
  driver: 'postgres' | 'mysql' | 'mariadb';
  database: string;
  migrationUser: string;
  appUser: string;
  /** Undefined: the printed plan's placeholder (or, applied, the password left as it is). */
  migrationPassword?: string | undefined;
  appPassword?: string | undefined;
  /**
   * MySQL/MariaDB: whether a backslash escapes in string literals (it does unless sql_mode has
   * NO_BACKSLASH_ESCAPES: read from the server before applying). Default true.
   */
  backslashEscapes?: boolean;
}

/** A PostgreSQL literal: E'' reads backslash escapes whatever standard_conforming_strings says. */
const pgLiteral = (value: string) => `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
const pgName = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** A MySQL literal under the server's sql_mode (see backslashEscapes). */
const myLiteral = (value: string, backslashEscapes: boolean) =>
  `'${(backslashEscapes ? value.replaceAll('\\', '\\\\') : value).replaceAll("'", "''")}'`;
const myName = (name: string) => `\`${name.replaceAll('`', '``')}\``;
/** The names `stowage backup verify` gives its scratch databases. */
const VERIFY_PREFIX = 'stowage_verify_';

/** The statements; `shown` replaces each password with a placeholder naming its variable. */
/** Ends the DO blocks' bodies: a name holding it could not be quoted inside them. */
const DO_TAG = '$stowage_roles$';

export function roleStatements(plan: RolePlan, shown: boolean): string[] {
  for (const [variable, name] of [
    ['DB_MIGRATION_USER', plan.migrationUser],
    ['DB_USER', plan.appUser],
  ] as const) {
    if (name.includes(DO_TAG) || name.includes('\0')) {
      throw new ConfigError(`${variable}: a role name may not hold ${DO_TAG} or a NUL character`, variable);
    }
  }
  const literal =
    plan.driver === 'postgres'
      ? pgLiteral
      : (value: string) => myLiteral(value, plan.backslashEscapes ?? true);
  const password = (value: string | undefined, variable: string) =>
    shown ? `'<${variable}>'` : value === undefined ? undefined : literal(value);
  const migration = password(plan.migrationPassword, 'DB_MIGRATION_PASSWORD');
  const app = password(plan.appPassword, 'DB_PASSWORD');
  return plan.driver === 'postgres' ? postgres(plan, migration, app, shown) : mysql(plan, migration, app);
}

function postgres(plan: RolePlan, migration: string | undefined, app: string | undefined, shown: boolean) {
  const owner = pgName(plan.migrationUser);
  const user = pgName(plan.appUser);
  const role = (name: string, quoted: string, secret: string | undefined, createdb: boolean) => [
    // CREATE ROLE has no IF NOT EXISTS.
    `DO $stowage_roles$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${pgLiteral(name)}) THEN CREATE ROLE ${quoted} LOGIN; END IF; END $stowage_roles$`,
    `ALTER ROLE ${quoted} LOGIN NOSUPERUSER NOCREATEROLE ${createdb ? 'CREATEDB' : 'NOCREATEDB'}${secret === undefined ? '' : ` PASSWORD ${secret}`}`,
  ];
  return [
    // CREATEDB: `stowage backup verify` restores into a scratch database it creates and drops.
    ...role(plan.migrationUser, owner, migration, true),
    ...role(plan.appUser, user, app, false),
    `GRANT CONNECT, TEMPORARY ON DATABASE ${pgName(plan.database)} TO ${owner}, ${user}`,
    // The schema's and the database's owner is the migration role; whatever DDL the application
    // role held before (owning the database, CREATE, membership of the owner) is taken back.
    `ALTER DATABASE ${pgName(plan.database)} OWNER TO ${owner}`,
    `ALTER SCHEMA public OWNER TO ${owner}`,
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    `REVOKE CREATE ON SCHEMA public FROM ${user}`,
    `REVOKE CREATE ON DATABASE ${pgName(plan.database)} FROM PUBLIC, ${user}`,
    `REVOKE ${owner} FROM ${user}`,
    `GRANT USAGE ON SCHEMA public TO ${user}`,
    // Tables made before (by another role) move to the schema's owner, with their sequences.
    shown
      ? `-- each table of schema public made by another role: ALTER TABLE public.<table> OWNER TO ${owner}`
      : `DO $stowage_roles$ DECLARE t record; BEGIN FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP EXECUTE format('ALTER TABLE public.%I OWNER TO %I', t.tablename, ${pgLiteral(plan.migrationUser)}); END LOOP; END $stowage_roles$`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${user}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${user}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${user}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${user}`,
  ];
}

function mysql(plan: RolePlan, migration: string | undefined, app: string | undefined) {
  const account = (name: string) => `${myLiteral(name, plan.backslashEscapes ?? true)}@'%'`;
  const user = (name: string, secret: string | undefined) => [
    `CREATE USER IF NOT EXISTS ${account(name)}`,
    ...(secret === undefined ? [] : [`ALTER USER ${account(name)} IDENTIFIED BY ${secret}`]),
  ];
  const database = myName(plan.database);
  return [
    ...user(plan.migrationUser, migration),
    ...user(plan.appUser, app),
    `GRANT ALL PRIVILEGES ON ${database}.* TO ${account(plan.migrationUser)}`,
    // `stowage backup verify` restores into scratch databases it creates and drops.
    `GRANT ALL PRIVILEGES ON ${myName(`${VERIFY_PREFIX.replaceAll('_', '\\_')}%`)}.* TO ${account(plan.migrationUser)}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${database}.* TO ${account(plan.appUser)}`,
  ];
}
