// One dump: mariadb-dump streaming the database, and the checksums and last migration measured
// in a snapshot equal to the dump's. Connection A holds FLUSH TABLES WITH READ LOCK while
// connection B and mariadb-dump --single-transaction open their snapshots, so no write commits in
// between; the lock goes once the dump writes its first CREATE TABLE (its snapshot is then open),
// exits, or after 30 s.

import { pipeline } from 'node:stream/promises';
import {
  BackendError,
  type DumpResult,
  type DumpSession,
  type Logger,
  type ServerDatabaseConfig,
  type StowageError,
} from '@stowage/core';
import { mapDriverError } from '@stowage/sql';
import type { Connection } from 'mysql2/promise';
import { mysqlDialect } from '../mysql-dialect.ts';
import { DUMP_TOOLS, findClientTool } from './client-tools.ts';
import { type DefaultsFile, writeDefaultsFile } from './defaults-file.ts';
import { releaseGlobalReadLock, takeGlobalReadLock } from './global-read-lock.ts';
import { lastMigration } from './last-migration.ts';
import { watchForMarker } from './marker-watch.ts';
import { closeQuietly, openConnection } from './open-connection.ts';
import { type RunningTool, runTool } from './run-tool.ts';
import { beginSnapshot } from './snapshot-transaction.ts';
import { tableChecksums } from './table-checksums.ts';
import { toolError, toolStartError } from './tool-error.ts';

/** No --databases: the dump names no database and restores into any. */
const DUMP_FLAGS = [
  '--single-transaction',
  '--routines',
  '--triggers',
  '--hex-blob',
  '--default-character-set=utf8mb4',
  '--skip-lock-tables',
];
/** mariadb-dump writes table structures only once its snapshot transaction is open. */
const SNAPSHOT_OPEN = '\nCREATE TABLE';
const LOCK_HELD_AT_MOST_MS = 30_000;

export interface DumpRequest {
  config: ServerDatabaseConfig;
  logger: Logger;
  migrationsTable: string;
}

export async function startDump({ config, logger, migrationsTable }: DumpRequest): Promise<DumpSession> {
  const database = config.name;
  const tool = await findClientTool(DUMP_TOOLS);
  let lock: Connection | undefined;
  let snapshot: Connection | undefined;
  let defaults: DefaultsFile | undefined;
  let running: RunningTool;
  try {
    lock = await openConnection(config, database);
    if (!(await takeGlobalReadLock(lock, database, logger))) {
      await closeQuietly(lock);
      lock = undefined;
    }
    snapshot = await openConnection(config, database);
    await beginSnapshot(snapshot);
    defaults = await writeDefaultsFile(config, tool.flavor);
    running = runTool(tool.path, [defaults.argument, ...DUMP_FLAGS, '--', database], {
      stdin: false,
      stdout: true,
    });
  } catch (error) {
    lock?.destroy();
    snapshot?.destroy();
    await defaults?.remove();
    throw mapDriverError(error, mysqlDialect);
  }
  const measuring = snapshot;
  const tempFile = defaults;
  const output = running.child.stdout;
  if (!output) throw new Error('mariadb-dump was started without a stdout pipe');

  // Released once, whichever comes first: the snapshot marker, the tool's exit, the timeout, an abort.
  let lockReleased: Promise<void> = Promise.resolve();
  const releaseLock = () => {
    clearTimeout(lockTimer);
    const held = lock;
    if (!held) return;
    lock = undefined;
    lockReleased = releaseGlobalReadLock(held)
      .catch(() => {})
      .then(() => closeQuietly(held));
  };
  const lockTimer = setTimeout(() => {
    if (!lock) return;
    logger.warn(
      `backup: mariadb-dump had not begun after ${LOCK_HELD_AT_MOST_MS / 1000} s; released the global read lock, so under concurrent writes the recorded checksums may differ from the dump`,
      { database },
    );
    releaseLock();
  }, LOCK_HELD_AT_MOST_MS);

  const stream = watchForMarker(SNAPSHOT_OPEN, releaseLock);
  // The consumer destroying `stream` ends the dump too (mariadb-dump then fails on its pipe).
  pipeline(output, stream).catch(() => {});

  let aborted: StowageError | undefined;
  const measured = (async (): Promise<DumpResult> => {
    const tables = await tableChecksums(measuring, database);
    const last = await lastMigration(measuring, database, migrationsTable);
    await measuring.query('commit');
    return { tables, lastMigration: last };
  })();
  const dumped = running.exited.then(
    (exit) => {
      releaseLock();
      if (exit.code !== 0) throw toolError(tool.name, exit, running.stderr());
    },
    (cause) => {
      releaseLock();
      throw toolStartError(tool.name, cause);
    },
  );

  const done = (async () => {
    try {
      const [result] = await Promise.all([measured, dumped]);
      if (aborted) throw aborted;
      await closeQuietly(measuring);
      return result;
    } catch (error) {
      running.kill();
      measuring.destroy();
      throw aborted ?? mapDriverError(error, mysqlDialect);
    } finally {
      releaseLock();
      await lockReleased;
      await tempFile.remove();
    }
  })();
  // Settled whether or not the caller ever awaits it.
  done.catch(() => {});

  return {
    stream,
    done,
    abort() {
      aborted ??= BackendError.because('mysql', `the dump of ${database} was aborted`, {
        context: { database },
      });
      running.kill();
      measuring.destroy();
      releaseLock();
      stream.destroy();
    },
  };
}
