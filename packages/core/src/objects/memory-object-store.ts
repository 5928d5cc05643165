// An ObjectStore in a Map, for tests and prototypes. Bodies are held whole in memory, so it is
// not for large objects. Buffers are copied in and out: callers can never mutate stored bytes.
import { createHash } from 'node:crypto';
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
import { assertObjectBody, bodyChunks } from './body-source.ts';
import { assertByteRangeShape, resolveByteRange } from './byte-range.ts';
import { compareKeys } from './key-order.ts';
import { listAllPages } from './list-all.ts';
import { collectListPage, type KeyScan } from './list-page.ts';
import { isPastPosition } from './list-position.ts';
import { resolveListRequest } from './list-request.ts';
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
  data: Buffer;
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

  function store(key: string, data: Buffer, fields: StoredFields): ObjectInfo {
    const info = objectInfo({
      key,
      size: data.length,
      contentType: fields.contentType,
      cacheControl: fields.cacheControl,
      metadata: fields.metadata,
      md5: createHash('md5').update(data).digest('hex'),
      lastModified: new Date(),
    });
    objects.set(key, { data, info });
    return cloneObjectInfo(info);
  }

  function slice(stored: StoredObject, options: GetOptions | undefined): Buffer {
    const range = resolveByteRange(options?.range, stored.data.length);
    // Buffer.from(buffer) copies, so the caller cannot reach the stored bytes.
    return Buffer.from(range ? stored.data.subarray(range.start, range.end + 1) : stored.data);
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
      if (resolved.ifNotExists && objects.has(key)) throw PreconditionFailedError.alreadyExists(key);
      const chunks: Buffer[] = [];
      for await (const chunk of bodyChunks(body)) chunks.push(chunk);
      // Buffer.concat always copies, even a single chunk, which detaches us from the caller's memory.
      const data = Buffer.concat(chunks);
      // Checked again after reading the body: another put may have created the key meanwhile.
      if (resolved.ifNotExists && objects.has(key)) throw PreconditionFailedError.alreadyExists(key);
      return store(key, data, resolved);
    },

    async get(key: string, options?: GetOptions): Promise<ObjectDownload> {
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      const stored = mustGet(key);
      const bytes = slice(stored, options);
      return { info: cloneObjectInfo(stored.info), body: Readable.from(bytes.length > 0 ? [bytes] : []) };
    },

    async getBytes(key: string, options?: GetOptions): Promise<Buffer> {
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      return slice(mustGet(key), options);
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
      // Stored Buffers are never mutated, so the copy may share the source's bytes.
      return store(to, source.data, source.info);
    },

    async move(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      const source = mustGet(from);
      if (from === to) return cloneObjectInfo(source.info);
      const info = store(to, source.data, source.info);
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
