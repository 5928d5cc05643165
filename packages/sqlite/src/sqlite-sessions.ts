// DriverSessions on better-sqlite3: one database handle, so one statement or transaction at a
// time. Statements wait for the handle through the same Kysely connection MikroORM uses (its
// mutex), so a transaction of ours and MikroORM's own work (migrations, schema) never interleave.
// Statements are bound, and kept prepared per handle.
import type { Connection } from '@mikro-orm/core';
import type { SqliteConnection } from '@mikro-orm/sqlite';
import type { DriverSessions, StatementResult } from '@stowage/sql';
import type { SqliteDatabase, SqliteStatement } from './better-sqlite3.ts';

type Handle = SqliteDatabase;
/** The part of Kysely's executor (MikroORM's client) used here: its connection mutex. */
interface Executor {
  provideConnection<T>(consumer: (connection: unknown) => Promise<T>): Promise<T>;
}
interface KyselyHolder {
  getClient(): { getExecutor(): Executor };
}

/** Prepared statements kept per handle; a repository repeats a few dozen shapes. */
const MAX_KEPT = 500;
const kept = new WeakMap<Handle, Map<string, SqliteStatement>>();

function statement(db: Handle, sql: string, prepared: boolean): SqliteStatement {
  let cache = kept.get(db);
  if (!cache) {
    cache = new Map();
    kept.set(db, cache);
  }
  const found = cache.get(sql);
  if (found) return found;
  const made = db.prepare(sql);
  if (prepared && cache.size < MAX_KEPT) cache.set(sql, made);
  return made;
}

function runOn(db: Handle, sql: string, parameters: readonly unknown[], prepared: boolean): StatementResult {
  const stmt = statement(db, sql, prepared);
  if (stmt.reader) return { rows: stmt.all([...parameters]) as Record<string, unknown>[], affected: 0 };
  const { changes, lastInsertRowid } = stmt.run([...parameters]);
  return { rows: [], affected: changes, insertId: BigInt(lastInsertRowid) };
}

interface Target {
  db: Handle;
  executor: Executor;
}

async function targetOf(connection: Connection): Promise<Target> {
  const db = (await (connection as SqliteConnection).getNativeClient()) as Handle;
  return { db, executor: (connection as unknown as KyselyHolder).getClient().getExecutor() };
}

export const sqliteSessions: DriverSessions = {
  pooled(connection) {
    let target: Target | undefined;
    return {
      async run(sql, parameters, prepared) {
        target ??= await targetOf(connection);
        const { db, executor } = target;
        return executor.provideConnection(async () => runOn(db, sql, parameters, prepared));
      },
    };
  },

  async begin(connection) {
    const { db, executor } = await targetOf(connection);
    // The handle is held until release(): provideConnection's callback waits for it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await new Promise<void>((acquired, failed) => {
      executor
        .provideConnection(async () => {
          acquired();
          await released;
        })
        .catch(failed);
    });
    try {
      runOn(db, 'begin', [], true);
    } catch (error) {
      release();
      throw error;
    }
    return {
      run: async (sql, parameters, prepared) => runOn(db, sql, parameters, prepared),
      release: () => release(),
    };
  },
};
