// An ObjectStore on the local file system: one file per object under `root`, holding the bytes
// followed by a metadata trailer (see object-trailer.ts), published atomically by rename/link
// (see local-object-writer.ts) at a path that cannot collide (see local-path-mapping.ts).
// Keys are case- and normalization-sensitive, which needs a file system that is too (Linux is;
// macOS and Windows defaults are not).
// Every public method runs inside guardLocalFs (local-fs-errors.ts): file-system failures reach
// the caller as typed errors naming the key. At creation the store starts a background sweep of
// upload staging files left by processes that died mid-put (local-temp-sweep.ts).
import { type FileHandle, open, stat as statPath, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type {
  GetOptions,
  ListOptions,
  ListPage,
  ObjectBody,
  ObjectDownload,
  ObjectInfo,
  ObjectStore,
  PutOptions,
  SignedUrlOptions,
} from '../contracts/object-store.ts';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../errors/error-classes.ts';
import { assertDeletablePrefix, assertValidObjectKey } from '../keys/object-key.ts';
import { assertObjectBody, bodyChunks, throwIfAborted } from './body-source.ts';
import { assertByteRangeShape, resolveByteRange } from './byte-range.ts';
import { listAllPages } from './list-all.ts';
import { collectListPage } from './list-page.ts';
import { resolveListRequest } from './list-request.ts';
import { removeEmptyParents } from './local-dir-cleanup.ts';
import { guardLocalFs, guardLocalFsStream, quoteKey, tagSourceErrors } from './local-fs-errors.ts';
import { writeObjectFile } from './local-object-writer.ts';
import { localObjectPath } from './local-path-mapping.ts';
import { DEFAULT_STALE_TEMP_AFTER_MS, sweepStaleTempFiles } from './local-temp-sweep.ts';
import { localTreeScan } from './local-tree-walk.ts';
import { objectInfo } from './object-info.ts';
import { type ReadTrailer, readTrailer } from './object-trailer.ts';
import { resolvePutOptions } from './put-options.ts';
import { signedUrlsUnsupported } from './signed-url-unsupported.ts';

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

  // Each method maps what the file system throws in one place: guardLocalFs (local-fs-errors.ts).
  const self: ObjectStore = {
    backend: BACKEND,

    async put(key: string, body: ObjectBody, putOptions?: PutOptions): Promise<ObjectInfo> {
      return guardLocalFs('put', quoteKey(key), async () => {
        assertValidObjectKey(key);
        const target = localObjectPath(root, key);
        assertObjectBody(body);
        const { signal, ifNotExists, contentType, cacheControl, metadata } = resolvePutOptions(putOptions);
        // Before any I/O: an aborted put creates no staging file at all.
        throwIfAborted(signal, key);
        // Fails fast without reading the body; the link() in writeObjectFile is the real guard.
        if (ifNotExists && (await existsObject(key))) throw PreconditionFailedError.alreadyExists(key);
        const fields = { key, contentType, cacheControl, metadata };
        // The caller's own body errors (and AbortedError, from bodyChunks) pass the guard unchanged.
        const chunks = tagSourceErrors(bodyChunks(body, { signal, key }));
        const written = await writeObjectFile(root, target, fields, chunks, { ifNotExists, signal });
        return infoFrom(key, { header: written.header, mtime: written.mtime });
      });
    },

    async get(key: string, getOptions?: GetOptions): Promise<ObjectDownload> {
      return guardLocalFs('get', quoteKey(key), async () => {
        assertValidObjectKey(key);
        assertByteRangeShape(getOptions?.range);
        const { handle, trailer } = await openObject(key);
        try {
          const size = trailer.header.size;
          const range =
            resolveByteRange(getOptions?.range, size) ?? (size > 0 ? { start: 0, end: size - 1 } : undefined);
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
      });
    },

    async getBytes(key: string, getOptions?: GetOptions): Promise<Buffer> {
      const { body } = await self.get(key, getOptions);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    async stat(key: string): Promise<ObjectInfo> {
      return guardLocalFs('stat', quoteKey(key), async () => {
        assertValidObjectKey(key);
        return statObject(key);
      });
    },

    async exists(key: string): Promise<boolean> {
      return guardLocalFs('exists', quoteKey(key), async () => {
        assertValidObjectKey(key);
        return existsObject(key);
      });
    },

    async list(listOptions?: ListOptions): Promise<ListPage> {
      return guardLocalFs('list', `prefix ${quoteKey(listOptions?.prefix ?? '')}`, async () => {
        const request = resolveListRequest(listOptions);
        return collectListPage(request, scan, statOrUndefined);
      });
    },

    listAll(listOptions) {
      // Options are checked by the first list() call, when iteration starts.
      return listAllPages((o) => self.list(o), listOptions);
    },

    async delete(key: string): Promise<boolean> {
      return guardLocalFs('delete', quoteKey(key), async () => {
        assertValidObjectKey(key);
        return deleteOne(key);
      });
    },

    async deleteMany(keys: readonly string[]): Promise<void> {
      return guardLocalFs('deleteMany', `${keys?.length} keys`, async () => {
        for (const key of keys) {
          assertValidObjectKey(key);
          localObjectPath(root, key);
        }
        for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
          await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map(deleteOne));
        }
      });
    },

    async deletePrefix(prefix: string): Promise<number> {
      return guardLocalFs('deletePrefix', `prefix ${quoteKey(prefix)}`, async () => {
        assertDeletablePrefix(prefix);
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
      });
    },

    async copy(from: string, to: string): Promise<ObjectInfo> {
      return guardLocalFs('copy', `${quoteKey(from)} to ${quoteKey(to)}`, async () => {
        assertValidObjectKey(from);
        assertValidObjectKey(to);
        return copyObject(from, to);
      });
    },

    async move(from: string, to: string): Promise<ObjectInfo> {
      return guardLocalFs('move', `${quoteKey(from)} to ${quoteKey(to)}`, async () => {
        assertValidObjectKey(from);
        assertValidObjectKey(to);
        if (from === to) return statObject(from);
        // Copy then delete rather than rename: the trailer records the key, so the file must be rewritten.
        const info = await copyObject(from, to);
        await deleteOne(from);
        return info;
      });
    },

    async signedUrl(key: string, _options: SignedUrlOptions): Promise<string> {
      assertValidObjectKey(key);
      throw signedUrlsUnsupported(BACKEND);
    },

    /** Holds no resources; waits for the stale-temp sweep started at creation. */
    async close(): Promise<void> {
      await sweep;
    },
  };
  return self;
}
