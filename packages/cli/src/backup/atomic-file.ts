// Writes a file whole or not at all: a private temp file in the same folder, fsync, rename. The
// file is 0600 and the folders it creates 0700 (a dump holds every row of the database).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const FILE_MODE = 0o600;
export const FOLDER_MODE = 0o700;

/** A name `list` ignores: temp files start with "." and end with ".tmp". */
export const isTempName = (name: string) => name.startsWith('.') && name.endsWith('.tmp');

/** Creates `folder` (and missing parents) 0700; an existing folder keeps its mode. */
export async function makeFolder(folder: string): Promise<void> {
  const first = await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
  // mkdir's mode is masked by the umask; the folders created here are the backup's own.
  if (first !== undefined) await chmod(folder, FOLDER_MODE);
}

/** Writes `body` to `file`; on any failure the temp file is removed and `file` is untouched. */
export async function writeFileAtomic(file: string, body: Readable | string): Promise<void> {
  await makeFolder(dirname(file));
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const sink = createWriteStream(temp, { flags: 'wx', mode: FILE_MODE });
    await pipeline(typeof body === 'string' ? Readable.from([Buffer.from(body)]) : body, sink);
    // The mode given to open is masked by the umask; and the bytes must be on disk before the
    // rename publishes them.
    const handle = await open(temp, 'r+');
    try {
      await handle.chmod(FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
