// An ObjectStore on the local file system: one file per object under `root`, holding the bytes
// followed by a metadata trailer (see object-trailer.ts), published atomically by rename/link
// (see local-object-writer.ts) at a path that cannot collide (see local-path-mapping.ts).
// Keys are case- and normalization-sensitive, which needs a file system that is too (Linux is;
// macOS and Windows defaults are not).
// Arguments are checked by the facade (objectStoreOver); what the file system throws reaches the
// caller as typed errors naming the key through localFsError (local-fs-errors.ts), the facade's
// mapError. At creation the store starts a background sweep of upload staging files left by
// processes that died mid-put (local-temp-sweep.ts).
import { type FileHandle, open, stat as statPath, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ObjectInfo, ObjectStore } from '../../contracts/object-store.ts';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../../errors/error-classes.ts';
import { bodyChunks } from '../facade/body-source.ts';
import { resolveByteRange } from '../facade/byte-range.ts';
import { collectListPage } from '../facade/list-page.ts';
import { objectInfo } from '../facade/object-info.ts';
import { objectStoreOver } from '../facade/object-store-over.ts';
import { tagSourceErrors } from '../facade/source-failure.ts';
import { removeEmptyParents } from './local-dir-cleanup.ts';
import { guardLocalFs, guardLocalFsStream, localFsError, quoteKey } from './local-fs-errors.ts';
import { writeObjectFile } from './local-object-writer.ts';
import { localObjectPath } from './local-path-mapping.ts';
import { DEFAULT_STALE_TEMP_AFTER_MS, sweepStaleTempFiles } from './local-temp-sweep.ts';
import { localTreeScan } from './local-tree-walk.ts';
import { type ReadTrailer, readTrailer } from './object-trailer.ts';

const BACKEND = 'local-fs';
/** How many deletes run at once in deleteMany/deletePrefix. */
const DELETE_CONCURRENCY = 16;

export interface LocalObjectStoreOptions {
  /**
   * Directory holding the objects; created on first write. Give each store its own, except that
   * several processes may share one root for the same store. Uploads are staged in `<root>/.tmp`.
   */
  root: string;
  /**
   * Age in milliseconds after which an upload staging file (`<root>/.tmp/*.part`) counts as
   * abandoned by a process that died mid-put. Default one hour (3,600,000).
   *
   * Creating the store starts a best-effort background sweep that deletes staging files not
   * written to for longer than this; it never delays or fails creation, logs nothing and ignores
   * errors, and `close()` waits for it. Files younger than this are never touched, since they may
   * be live uploads of another process sharing the root: keep it well above the longest pause
   * an upload's body may take between two chunks. `Infinity` turns the sweep off; `0` deletes
   * every staging file, so use it only when no other process writes to the root.
   */
  staleTempAfterMs?: number;
}

function resolveStaleTempAfterMs(value: number | undefined): number {
  if (value === undefined) return DEFAULT_STALE_TEMP_AFTER_MS;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    const message = 'must be a number of milliseconds, 0 or more (Infinity turns the sweep off)';
    throw new ValidationError(`local-fs: staleTempAfterMs ${message}; got ${String(value)}`, [
      { path: 'staleTempAfterMs', message },
    ]);
  }
  return value;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function infoFrom(key: string, trailer: ReadTrailer): ObjectInfo {
  const { header } = trailer;
  return objectInfo({
    key,
    size: header.size,
    contentType: header.contentType,
    cacheControl: header.cacheControl,
    metadata: header.metadata,
    md5: header.md5,
    lastModified: trailer.mtime,
  });
}

export function createLocalObjectStore(options: LocalObjectStoreOptions): ObjectStore {
  const root = path.resolve(options.root);
  const staleTempAfterMs = resolveStaleTempAfterMs(options.staleTempAfterMs);
  const scan = localTreeScan(root);
  // Started now, awaited by close() only; it never rejects.
  const sweep: Promise<unknown> = Number.isFinite(staleTempAfterMs)
    ? sweepStaleTempFiles(root, staleTempAfterMs).catch(() => {})
    : Promise.resolve();

  /** Opens the object's file: one handle gives a consistent view even if a writer replaces it. */
  async function openObject(
    key: string,
  ): Promise<{ handle: FileHandle; file: string; trailer: ReadTrailer }> {
    const file = localObjectPath(root, key);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isMissing(error)) throw NotFoundError.object(key, { cause: error });
      throw error;
    }
    try {
      return { handle, file, trailer: await readTrailer(handle, file) };
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
  }

  async function statObject(key: string): Promise<ObjectInfo> {
    const { handle, trailer } = await openObject(key);
    await handle.close();
    return infoFrom(key, trailer);
  }

  /** For listings: a key the walk saw may be deleted before we read it. */
  async function statOrUndefined(key: string): Promise<ObjectInfo | undefined> {
    return guardLocalFs('list', quoteKey(key), async () => {
      try {
        return await statObject(key);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    });
  }

  /** Guarded per key, so a failure in deleteMany/deletePrefix names the key that failed. */
  async function deleteOne(key: string): Promise<boolean> {
    return guardLocalFs('delete', quoteKey(key), async () => {
      const file = localObjectPath(root, key);
      try {
        await unlink(file);
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
      await removeEmptyParents(root, file);
      return true;
    });
  }

  async function existsObject(key: string): Promise<boolean> {
    try {
      return (await statPath(localObjectPath(root, key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async function copyObject(from: string, to: string): Promise<ObjectInfo> {
    const target = localObjectPath(root, to);
    const { handle, trailer } = await openObject(from);
    try {
      const { header } = trailer;
      const data: AsyncIterable<Buffer> =
        header.size === 0
          ? Readable.from([])
          : handle.createReadStream({ start: 0, end: header.size - 1, autoClose: false });
      const fields = {
        key: to,
        contentType: header.contentType,
        cacheControl: header.cacheControl,
        metadata: header.metadata,
      };
      const written = await writeObjectFile(root, target, fields, data, { ifNotExists: false });
      return infoFrom(to, { header: written.header, mtime: written.mtime });
    } finally {
      await handle.close().catch(() => {});
    }
  }

  return objectStoreOver({
    name: BACKEND,

    async put(key, body, { signal, ifNotExists, contentType, cacheControl, metadata }) {
      const target = localObjectPath(root, key);
      // Fails fast without reading the body; the link() in writeObjectFile is the real guard.
      if (ifNotExists && (await existsObject(key))) throw PreconditionFailedError.alreadyExists(key);
      const fields = { key, contentType, cacheControl, metadata };
      // The caller's own body errors (and AbortedError, from bodyChunks) pass the facade unchanged.
      const chunks = tagSourceErrors(bodyChunks(body, { signal, key }));
      const written = await writeObjectFile(root, target, fields, chunks, { ifNotExists, signal });
      return infoFrom(key, { header: written.header, mtime: written.mtime });
    },

    async get(key, byteRange) {
      const { handle, trailer } = await openObject(key);
      try {
        const size = trailer.header.size;
        const range =
          resolveByteRange(byteRange, size) ?? (size > 0 ? { start: 0, end: size - 1 } : undefined);
        const info = infoFrom(key, trailer);
        if (!range) {
          await handle.close();
          return { info, body: Readable.from([]) };
        }
        // The stream closes the handle when it ends or is destroyed.
        const stream = handle.createReadStream({ start: range.start, end: range.end });
        return { info, body: guardLocalFsStream(stream, 'get', quoteKey(key)) };
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
    },

    stat: statObject,
    exists: existsObject,

    async list(request) {
      return collectListPage(request, scan, statOrUndefined);
    },

    delete: deleteOne,

    async deleteMany(keys) {
      // Second guard after the facade's key checks, for every key before any is deleted.
      for (const key of keys) localObjectPath(root, key);
      for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
        await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map(deleteOne));
      }
    },

    async deletePrefix(prefix) {
      let count = 0;
      let batch: string[] = [];
      const flush = async () => {
        const removed = await Promise.all(batch.map(deleteOne));
        count += removed.filter(Boolean).length;
        batch = [];
      };
      // The walk tolerates directories vanishing under it, so deleting while walking is safe.
      for await (const key of scan(prefix, { after: undefined, skipUnder: false })) {
        if (!key.startsWith(prefix)) continue;
        batch.push(key);
        if (batch.length >= DELETE_CONCURRENCY) await flush();
      }
      await flush();
      return count;
    },

    copy: copyObject,

    async move(from, to) {
      // Copy then delete rather than rename: the trailer records the key, so the file must be rewritten.
      const info = await copyObject(from, to);
      await deleteOne(from);
      return info;
    },

    mapError: (error, site) => localFsError(error, site.operation, site.subject),

    /** Holds no resources; waits for the stale-temp sweep started at creation. */
    async close() {
      await sweep;
    },
  });
}
