// pg_restore in one transaction: a failure anywhere (a bad archive, a conflict, a dropped
// connection, a source that fails its checksum) rolls everything back, so the target is as it was.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BackendError,
  isStowageError,
  type RestoreOptions,
  type ServerDatabaseConfig,
  type StowageError,
} from '@stowage/core';
import { holdLastChunk } from './hold-last-chunk.ts';
import { dbnameArgument, pgClientEnv } from './pg-client-env.ts';
import { redactPassword } from './redact-password.ts';
import { runTool } from './run-tool.ts';

const PG_RESTORE_ARGS = ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges'];
/** Replacing: drop each object of the archive (where it exists) before creating it again. */
const REPLACE_ARGS = ['--clean', '--if-exists'];

export async function restoreDump(
  config: ServerDatabaseConfig,
  source: Readable,
  { target = config.name, force = false }: RestoreOptions = {},
): Promise<void> {
  const unchanged = `nothing was restored: the restore ran in one transaction, which was rolled back, so database "${target}" is as it was`;
  const context = { database: target, halfRestored: false };
  const run = runTool(
    'pg_restore',
    [...PG_RESTORE_ARGS, ...(force ? REPLACE_ARGS : []), dbnameArgument(target)],
    {
      env: pgClientEnv(config, target),
      doing: `pg_restore into ${target}`,
      password: config.password,
      stdin: 'pipe',
      stdout: 'ignore',
      context,
      outcome: unchanged,
    },
  );
  const stdin = run.child.stdin;
  if (!stdin) throw BackendError.because('postgres', 'pg_restore started without a stdin pipe');

  let sourceError: unknown;
  source.once('error', (error) => {
    sourceError = error;
    // Before pg_restore can read the rest (it never gets the held-back last chunk) and commit.
    run.child.kill('SIGKILL');
  });
  // EPIPE when pg_restore stops reading early: its exit status says why.
  const feeding = pipeline(source, holdLastChunk(), stdin).catch(() => {});

  try {
    await run.finished;
  } catch (error) {
    // Ends the feeding: pipeline() then destroys the source, which may otherwise wait forever.
    stdin.destroy();
    if (sourceError !== undefined) throw sourceFailure(sourceError, target, config.password, unchanged);
    throw error;
  }
  await feeding;
}

/** The source's own error when it is typed (the CLI's IntegrityError), otherwise a BackendError. */
function sourceFailure(
  error: unknown,
  target: string,
  password: string | undefined,
  unchanged: string,
): StowageError {
  if (isStowageError(error)) return error;
  const said = redactPassword(error instanceof Error ? error.message : String(error), password);
  return BackendError.because(
    'postgres',
    `pg_restore into ${target}: reading the dump failed (${said}); ${unchanged}`,
    {
      cause: error,
      context: { database: target, halfRestored: false },
    },
  );
}
