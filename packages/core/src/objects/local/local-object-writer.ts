// Writes one object file for the local store: body and trailer go to a temp file under
// <root>/.tmp, are fsynced, then published with one rename (last writer wins, whole) or, for
// create-only puts, one link() that fails with EEXIST if the key exists (exactly one of several
// concurrent creators wins). A failed or aborted upload removes its temp file and leaves the key
// untouched.
// Errors are thrown raw here; the store maps them to typed errors (see local-fs-errors.ts).
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PreconditionFailedError } from '../../errors/error-classes.ts';
import { throwIfAborted } from '../facade/body-source.ts';
import { encodeTrailer, type TrailerHeader } from './object-trailer.ts';

/** Staging directory for uploads in progress; it has no ".dir" suffix, so listings never see it. */
export const TEMP_DIR_NAME = '.tmp';
/** Suffix of the staging files in TEMP_DIR_NAME; the stale-temp sweep deletes only these. */
export const TEMP_FILE_SUFFIX = '.part';
/** How often to retry publishing when a concurrent delete removed the target's directory. */
const PUBLISH_ATTEMPTS = 10;

export interface ObjectFileFields {
  key: string;
  contentType: string;
  cacheControl: string | undefined;
  metadata: Record<string, string>;
}

export interface WriteOptions {
  /** Create-only: publish with link(), which fails if the key exists. */
  ifNotExists: boolean;
  /** Checked once more after the body is on disk: an abort up to the publish leaves the key alone. */
  signal?: AbortSignal | undefined;
}

export interface WrittenObject {
  header: TrailerHeader;
  mtime: Date;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function publish(
  tempPath: string,
  finalPath: string,
  key: string,
  ifNotExists: boolean,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mkdir(path.dirname(finalPath), { recursive: true });
      if (ifNotExists) {
        await link(tempPath, finalPath);
      } else {
        await rename(tempPath, finalPath);
      }
      return;
    } catch (error) {
      if (ifNotExists && errorCode(error) === 'EEXIST')
        throw PreconditionFailedError.alreadyExists(key, { cause: error });
      // A delete that emptied the directory may rmdir it between our mkdir and rename.
      if (errorCode(error) === 'ENOENT' && attempt < PUBLISH_ATTEMPTS) continue;
      throw error;
    }
  }
}

/** Streams `chunks` into a new object file at `finalPath`; nothing changes there if anything fails. */
export async function writeObjectFile(
  root: string,
  finalPath: string,
  fields: ObjectFileFields,
  chunks: AsyncIterable<Buffer>,
  { ifNotExists, signal }: WriteOptions,
): Promise<WrittenObject> {
  const tempDir = path.join(root, TEMP_DIR_NAME);
  await mkdir(tempDir, { recursive: true });
  const tempPath = path.join(tempDir, `${randomUUID()}${TEMP_FILE_SUFFIX}`);
  const handle = await open(tempPath, 'wx');
  let closed = false;
  try {
    const md5 = createHash('md5');
    let size = 0;
    for await (const chunk of chunks) {
      md5.update(chunk);
      size += chunk.length;
      // Awaiting each write is the backpressure that keeps memory flat for any body size.
      await handle.write(chunk);
    }
    const header: TrailerHeader = {
      v: 1,
      key: fields.key,
      contentType: fields.contentType,
      ...(fields.cacheControl === undefined ? {} : { cacheControl: fields.cacheControl }),
      metadata: fields.metadata,
      md5: md5.digest('hex'),
      size,
    };
    await handle.write(encodeTrailer(header));
    await handle.sync();
    const { mtime } = await handle.stat();
    closed = true;
    await handle.close();
    throwIfAborted(signal, fields.key);
    await publish(tempPath, finalPath, fields.key, ifNotExists);
    return { header, mtime };
  } finally {
    if (!closed) await handle.close().catch(() => {});
    // After a rename this is a no-op; after a link or a failure it drops the staging file. Best
    // effort, so it never hides the outcome: a file it cannot remove is left to the stale sweep.
    await rm(tempPath, { force: true }).catch(() => {});
  }
}
