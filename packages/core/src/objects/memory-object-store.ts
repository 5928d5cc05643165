// An ObjectStore in a Map, for tests and prototypes. Bodies are held whole in memory, so it is
// not for large objects. Bytes are copied in and out (see memory-body.ts): callers can never
// mutate stored bytes, nor a source change them by reusing its buffer.
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
import { NotFoundError, PreconditionFailedError } from '../errors/error-classes.ts';
import { assertDeletablePrefix, assertValidObjectKey } from '../keys/object-key.ts';
import { assertObjectBody, bodyChunks, throwIfAborted } from './body-source.ts';
import { assertByteRangeShape, resolveByteRange } from './byte-range.ts';
import { compareKeys } from './key-order.ts';
import { listAllPages } from './list-all.ts';
import { collectListPage, type KeyScan } from './list-page.ts';
import { isPastPosition } from './list-position.ts';
import { resolveListRequest } from './list-request.ts';
import { type MemoryBody, MemoryBodyWriter, memoryBodyViews } from './memory-body.ts';
import { cloneObjectInfo, objectInfo } from './object-info.ts';
import { resolvePutOptions } from './put-options.ts';
import { signedUrlsUnsupported } from './signed-url-unsupported.ts';

const BACKEND = 'memory';

interface StoredFields {
  contentType: string;
  cacheControl?: string | undefined;
  metadata: Record<string, string>;
}

interface StoredObject {
  body: MemoryBody;
  info: ObjectInfo;
}

/** A new, empty in-memory object store. close() is a no-op; the contents live as long as the store. */
export function createMemoryObjectStore(): ObjectStore {
  const objects = new Map<string, StoredObject>();

  function mustGet(key: string): StoredObject {
    const stored = objects.get(key);
    if (!stored) throw NotFoundError.object(key);
    return stored;
  }

  function store(key: string, body: MemoryBody, fields: StoredFields): ObjectInfo {
    const info = objectInfo({
      key,
      size: body.size,
      contentType: fields.contentType,
      cacheControl: fields.cacheControl,
      metadata: fields.metadata,
      md5: body.md5,
      lastModified: new Date(),
    });
    objects.set(key, { body, info });
    return cloneObjectInfo(info);
  }

  /** Views of the stored bytes the options ask for; the caller copies them out. */
  function views(stored: StoredObject, options: GetOptions | undefined): Generator<Buffer> {
    const { size } = stored.body;
    const { start, end } = resolveByteRange(options?.range, size) ?? { start: 0, end: size - 1 };
    return memoryBodyViews(stored.body, start, end + 1);
  }

  const scan: KeyScan = async function* (prefix, position) {
    const keys = [...objects.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
    for (const key of keys) if (isPastPosition(key, position)) yield key;
  };

  const self: ObjectStore = {
    backend: BACKEND,

    async put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo> {
      assertValidObjectKey(key);
      assertObjectBody(body);
      const resolved = resolvePutOptions(options);
      const { signal } = resolved;
      throwIfAborted(signal, key);
      if (resolved.ifNotExists && objects.has(key)) throw PreconditionFailedError.alreadyExists(key);
      // The writer copies every chunk as it comes: the source may reuse its buffer for the next.
      const writer = new MemoryBodyWriter();
      for await (const chunk of bodyChunks(body, { signal, key })) writer.write(chunk);
      // The key is only touched below, synchronously: an abort up to here leaves the old object.
      throwIfAborted(signal, key);
      // Checked again after reading the body: another put may have created the key meanwhile.
      if (resolved.ifNotExists && objects.has(key)) throw PreconditionFailedError.alreadyExists(key);
      return store(key, writer.finish(), resolved);
    },

    async get(key: string, options?: GetOptions): Promise<ObjectDownload> {
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      const stored = mustGet(key);
      const pieces = views(stored, options);
      // Each piece is copied only when read, so a download never holds a second copy of the body.
      const copies = (function* () {
        for (const piece of pieces) yield Buffer.from(piece);
      })();
      return { info: cloneObjectInfo(stored.info), body: Readable.from(copies, { objectMode: false }) };
    },

    async getBytes(key: string, options?: GetOptions): Promise<Buffer> {
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      // Buffer.concat always copies, even a single piece.
      return Buffer.concat([...views(mustGet(key), options)]);
    },

    async stat(key: string): Promise<ObjectInfo> {
      assertValidObjectKey(key);
      return cloneObjectInfo(mustGet(key).info);
    },

    async exists(key: string): Promise<boolean> {
      assertValidObjectKey(key);
      return objects.has(key);
    },

    async list(options?: ListOptions): Promise<ListPage> {
      const request = resolveListRequest(options);
      return collectListPage(request, scan, async (key) => {
        const stored = objects.get(key);
        return stored && cloneObjectInfo(stored.info);
      });
    },

    listAll(options) {
      // Options are checked by the first list() call, when iteration starts.
      return listAllPages((o) => self.list(o), options);
    },

    async delete(key: string): Promise<boolean> {
      assertValidObjectKey(key);
      return objects.delete(key);
    },

    async deleteMany(keys: readonly string[]): Promise<void> {
      for (const key of keys) assertValidObjectKey(key);
      for (const key of keys) objects.delete(key);
    },

    async deletePrefix(prefix: string): Promise<number> {
      assertDeletablePrefix(prefix);
      let count = 0;
      for (const key of [...objects.keys()]) {
        if (key.startsWith(prefix) && objects.delete(key)) count++;
      }
      return count;
    },

    async copy(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      const source = mustGet(from);
      // Stored bodies are never mutated, so the copy may share the source's bytes.
      return store(to, source.body, source.info);
    },

    async move(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      const source = mustGet(from);
      if (from === to) return cloneObjectInfo(source.info);
      const info = store(to, source.body, source.info);
      objects.delete(from);
      return info;
    },

    async signedUrl(key: string, _options: SignedUrlOptions): Promise<string> {
      assertValidObjectKey(key);
      throw signedUrlsUnsupported(BACKEND);
    },

    async close(): Promise<void> {},
  };
  return self;
}
