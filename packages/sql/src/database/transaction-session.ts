// One database transaction on a connection of its own (DriverSessions.begin): the callback's
// statements run on it, then it commits — or rolls back when the callback throws — and the
// connection goes back to the pool. Nested transactions are savepoints. The callback's own errors
// come back as they are; the database's (begin, commit, savepoints) are mapped by `mapError`.
// A statement sent after the end (a repository kept past its callback) is refused, never run on a
// connection that by then serves someone else.
import type { Connection } from '@mikro-orm/core';
import { TransactionEndedError } from '@stowage/core';
import type { DriverSessions, StatementRunner } from '../dialect/driver-sessions.ts';

export interface OpenTransaction {
  /** Runs the transaction's statements. */
  readonly session: StatementRunner;
  /** Runs `work`, then commits (or rolls back on a throw) and releases the connection. */
  run<T>(work: (session: StatementRunner) => Promise<T>): Promise<T>;
  /** Runs `work` in a savepoint: released on success, rolled back to on a throw. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

export async function openTransaction(
  sessions: DriverSessions,
  connection: Connection,
  mapError: (error: unknown) => unknown,
): Promise<OpenTransaction> {
  const driver = <T>(step: () => Promise<T>): Promise<T> =>
    step().catch((error: unknown) => {
      throw mapError(error);
    });
  const held = await driver(() => sessions.begin(connection));
  let ended = false;
  let savepoints = 0;
  const control = (sql: string) => driver(() => held.run(sql, [], false));

  const session: StatementRunner = {
    run(sql, parameters, prepared) {
      if (ended) {
        return Promise.reject(TransactionEndedError.use('repository'));
      }
      return held.run(sql, parameters, prepared);
    },
  };

  return {
    session,
    async run(work) {
      let broken = false;
      try {
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(session);
        } catch (error) {
          // A connection that cannot even roll back is not given back to the pool.
          await held.run('rollback', [], false).catch(() => {
            broken = true;
          });
          throw error;
        }
        try {
          await control('commit');
        } catch (error) {
          await held.run('rollback', [], false).catch(() => {
            broken = true;
          });
          throw error;
        }
        return result;
      } finally {
        ended = true;
        held.release(broken);
      }
    },
    async savepoint(work) {
      savepoints += 1;
      const name = `stowage_sp${savepoints}`;
      await control(`savepoint ${name}`);
      let result: Awaited<ReturnType<typeof work>>;
      try {
        result = await work();
      } catch (error) {
        await control(`rollback to savepoint ${name}`);
        throw error;
      }
      await control(`release savepoint ${name}`);
      return result;
    },
  };
}
