// One dump: SQLite's online backup API copies the database into a temporary file (a consistent
// snapshot even while the application writes), the checksums and last migration are measured on
// that copy — exactly the bytes that will be streamed — and the copy is streamed, then deleted.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendError, type DumpResult, type DumpSession, NotFoundError } from '@stowage/core';
import { openSqlite } from '../better-sqlite3.ts';
import { lastMigration } from './last-migration.ts';
import { databaseFile, fileExists } from './open-connection.ts';
import { tableChecksums } from './table-checksums.ts';
import { toolError } from './tool-error.ts';

export async function startDump(path: string, migrationsTable: string): Promise<DumpSession> {
  const source = databaseFile(path, 'dump');
  if (!(await fileExists(source))) {
    throw new NotFoundError(`backup: the SQLite database ${source} does not exist`, {
      context: { path: source },
    });
  }
  const folder = await mkdtemp(join(tmpdir(), 'stowage-sqlite-dump-'));
  const removeCopy = () => rm(folder, { recursive: true, force: true });
  const copyPath = join(folder, 'dump.sqlite');
  let result: DumpResult;
  try {
    const db = openSqlite(source, { readonly: true, fileMustExist: true, timeout: 5_000 });
    try {
      await db.backup(copyPath);
    } finally {
      db.close();
    }
    const copy = openSqlite(copyPath, { readonly: true, fileMustExist: true });
    try {
      result = { tables: tableChecksums(copy), lastMigration: lastMigration(copy, migrationsTable) };
    } finally {
      copy.close();
    }
  } catch (error) {
    await removeCopy();
    throw toolError(error, `dump of ${source}`);
  }

  const stream = createReadStream(copyPath);
  let aborted = false;
  let ended = false;
  let failure: unknown;
  stream.once('end', () => {
    ended = true;
  });
  stream.once('error', (error) => {
    failure = error;
  });
  // Settles once the stream closed and the copy is deleted, whether it was read, failed or aborted.
  const done = new Promise<DumpResult>((resolve, reject) => {
    stream.once('close', () => {
      removeCopy().then(() => {
        if (ended && !aborted) resolve(result);
        else if (failure) reject(toolError(failure, `reading the dump of ${source}`));
        else {
          const why = aborted ? 'was aborted' : 'was closed before it was read to the end';
          reject(
            BackendError.because('sqlite', `the dump of ${source} ${why}`, { context: { path: source } }),
          );
        }
      }, reject);
    });
  });
  // Settled whether or not the caller ever awaits it.
  done.catch(() => {});
  return {
    stream,
    done,
    abort() {
      aborted = true;
      stream.destroy();
    },
  };
}
