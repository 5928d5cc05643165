// Restores a dump by piping it into the mariadb client. MySQL DDL commits at once, so a failed
// restore cannot be rolled back as one transaction: into an empty target, whatever it created is
// dropped again; over a target replaced with force, the target is left half-restored and the
// error says so (context.halfRestored).
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BackendError,
  ConflictError,
  type RestoreOptions,
  type ServerDatabaseConfig,
  type StowageError,
} from '@stowage/core';
import { mapDriverError } from '@stowage/sql';
import { mysqlDialect } from '../mysql-dialect.ts';
import { CLIENT_TOOLS, type ClientTool, findClientTool } from './client-tools.ts';
import {
  createdSince,
  type DatabaseObject,
  dropObjects,
  holdsTables,
  listObjects,
} from './database-objects.ts';
import { writeDefaultsFile } from './defaults-file.ts';
import { keepTail } from './keep-tail.ts';
import { withConnection } from './open-connection.ts';
import { runTool } from './run-tool.ts';
import { toolError, toolStartError } from './tool-error.ts';

/** The last line of every dump mariadb-dump finished (and of mysqldump's). */
const DUMP_COMPLETED = '-- Dump completed';
const TAIL_BYTES = 512;

export async function restoreDump(
  config: ServerDatabaseConfig,
  source: Readable,
  options: RestoreOptions = {},
): Promise<void> {
  const database = options.target ?? config.name;
  const force = options.force ?? false;
  const tool = await findClientTool(CLIENT_TOOLS);
  const before = await withConnection(config, database, (connection) => listObjects(connection, database));
  if (holdsTables(before) && !force) {
    throw new ConflictError(
      `restore: the target database ${database} already holds tables; restore into an empty database, or pass force to replace them`,
      { context: { target: database } },
    );
  }
  try {
    if (force) {
      // Replacing means the target ends up holding what the dump holds, and nothing else.
      await withConnection(config, database, (connection) => dropObjects(connection, database, before));
    }
    await pipeIntoClient(config, tool, database, source);
  } catch (failure) {
    if (force) throw halfRestored(database, failure);
    throw await rollBack(config, database, before, failure);
  }
}

async function pipeIntoClient(
  config: ServerDatabaseConfig,
  tool: ClientTool,
  database: string,
  source: Readable,
): Promise<void> {
  const defaults = await writeDefaultsFile(config, tool.flavor);
  try {
    const args = [defaults.argument, '--binary-mode', '--default-character-set=utf8mb4', '--', database];
    const running = runTool(tool.path, args, { stdin: true, stdout: false });
    const input = running.child.stdin;
    if (!input) throw new Error('the mariadb client was started without a stdin pipe');
    const tail = keepTail(TAIL_BYTES);
    // Which end broke first: the dump's source, or the client (which then closed its stdin).
    let brokeFirst: 'source' | 'client' | undefined;
    source.once('error', () => {
      if (brokeFirst) return;
      brokeFirst = 'source';
      // Before the pipeline closes stdin: a client at EOF would run the statement the dump was cut in.
      running.kill();
    });
    input.once('error', () => {
      brokeFirst ??= 'client';
    });
    let feedError: Error | undefined;
    const fed = pipeline(source, tail, input).catch((error: Error) => {
      feedError = error;
    });
    const exit = await running.exited.catch((cause) => {
      throw toolStartError(tool.name, cause);
    });
    await fed;
    if (feedError && brokeFirst === 'source') {
      throw BackendError.because('mysql', `reading the dump failed: ${feedError.message}`, {
        cause: feedError,
      });
    }
    if (exit.code !== 0) throw toolError(tool.name, exit, running.stderr());
    if (feedError) {
      throw BackendError.because('mysql', `feeding the dump to ${tool.name} failed: ${feedError.message}`, {
        cause: feedError,
      });
    }
    if (!tail.tail().includes(DUMP_COMPLETED)) {
      throw BackendError.because('mysql', `the dump is truncated: it does not end with "${DUMP_COMPLETED}"`);
    }
  } finally {
    await defaults.remove();
  }
}

/** Drops what the failed restore created in the (formerly empty) target; the error to throw. */
async function rollBack(
  config: ServerDatabaseConfig,
  database: string,
  before: readonly DatabaseObject[],
  failure: unknown,
): Promise<StowageError> {
  const reason = describe(failure);
  try {
    await withConnection(config, database, async (connection) => {
      const created = createdSince(before, await listObjects(connection, database));
      await dropObjects(connection, database, created);
    });
  } catch (dropFailure) {
    return BackendError.because(
      'mysql',
      `restore into ${database} failed (${reason}), and dropping what it had created failed too (${describe(dropFailure)}): the target database is half-restored; restore it again or drop it`,
      { cause: failure, context: { target: database, halfRestored: true } },
    );
  }
  return BackendError.because(
    'mysql',
    `restore into ${database} failed and was rolled back: the tables it created were dropped, the target is empty again (${reason})`,
    { cause: failure, context: { target: database, rolledBack: true } },
  );
}

function halfRestored(database: string, failure: unknown): StowageError {
  return BackendError.because(
    'mysql',
    `restore into ${database} failed (${describe(failure)}): the target database is half-restored; restore it again or drop it`,
    { cause: failure, context: { target: database, halfRestored: true } },
  );
}

function describe(error: unknown): string {
  return mapDriverError(error, mysqlDialect).message;
}
