// A consistent dump: a REPEATABLE READ transaction exports its snapshot, pg_dump dumps that
// snapshot, and the same transaction measures the checksums and the last migration meanwhile, so
// the manifest describes exactly the bytes. The transaction stays open until pg_dump exits: the
// exported snapshot lives only as long as the transaction that exported it.
import type { DumpOptions, DumpResult, DumpSession, ServerDatabaseConfig } from '@stowage/core';
import { BackendError } from '@stowage/core';
import { migrationsTableName } from '@stowage/sql';
import { lastMigration } from './last-migration.ts';
import { openConnection } from './open-connection.ts';
import { dbnameArgument, pgClientEnv } from './pg-client-env.ts';
import { runTool } from './run-tool.ts';
import { tableChecksums } from './table-checksums.ts';
import { toolError } from './tool-error.ts';

/** Plain custom format; -Z0 because the CLI gzips the stream (compressing twice costs CPU only). */
const PG_DUMP_ARGS = ['--format=custom', '--compress=0', '--no-owner', '--no-privileges'];

export async function startDump(
  config: ServerDatabaseConfig,
  options: DumpOptions = {},
): Promise<DumpSession> {
  const migrationsTable = migrationsTableName(options.migrationsTable, 'migrationsTable');
  const database = config.name;
  const failure = (error: unknown) =>
    toolError(error, {
      doing: `dump of ${database}`,
      password: config.password,
      context: { database },
    });

  const client = await openConnection(config, database);
  let snapshot: string;
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    snapshot = rows[0]?.id ?? '';
  } catch (error) {
    await client.end().catch(() => {});
    throw failure(error);
  }

  const run = runTool('pg_dump', [...PG_DUMP_ARGS, `--snapshot=${snapshot}`, dbnameArgument(database)], {
    env: pgClientEnv(config, database),
    doing: `pg_dump of ${database}`,
    password: config.password,
    stdin: 'ignore',
    stdout: 'pipe',
    context: { database },
  });
  const stream = run.child.stdout;
  if (!stream) throw BackendError.because('postgres', 'pg_dump started without a stdout pipe');

  let aborted: BackendError | undefined;
  const measure = async (): Promise<DumpResult> => {
    const tables = await tableChecksums(client);
    return { tables, lastMigration: await lastMigration(client, migrationsTable) };
  };
  const done = (async () => {
    try {
      const [result] = await Promise.all([measure(), run.finished]);
      await client.query('commit');
      return result;
    } catch (error) {
      // A failed measurement stops pg_dump too: the manifest could not describe its bytes.
      run.child.kill('SIGKILL');
      throw aborted ?? failure(error);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  // The caller may await `done` only after reading the stream; a rejection meanwhile is not lost.
  done.catch(() => {});

  return {
    stream,
    done,
    abort() {
      if (aborted) return;
      aborted = BackendError.because('postgres', `dump of ${database}: aborted`, {
        context: { database, aborted: true },
      });
      run.child.kill('SIGKILL');
      // A reader piping the stream must not take the cut-off bytes for a whole dump.
      stream.destroy();
      client.end().catch(() => {});
    },
  };
}
