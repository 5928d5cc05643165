// `stowage db roles --apply`: runs the plan as an administrator (a role allowed to create roles),
// given by URL, on the configured database. On MySQL/MariaDB the server's sql_mode decides how
// password literals are escaped.
import type { Database } from '@stowage/core';
import { type Kysely, sql } from 'kysely';
import { type RolePlan, roleStatements } from './role-statements.ts';

export async function applyRoles(admin: Database, plan: RolePlan): Promise<number> {
  const db = admin.sql as unknown as Kysely<unknown>;
  // One connection for all: the sql_mode read is that of the session the statements run in.
  return db.connection().execute(async (session) => {
    let backslashEscapes = true;
    if (plan.driver !== 'postgres') {
      const modes = await sql<{ mode: string }>`select @@sql_mode as mode`.execute(session);
      backslashEscapes = !String(modes.rows[0]?.mode ?? '').includes('NO_BACKSLASH_ESCAPES');
    }
    const statements = roleStatements({ ...plan, backslashEscapes }, false);
    for (const statement of statements) await sql.raw(statement).execute(session);
    return statements.length;
  });
}
