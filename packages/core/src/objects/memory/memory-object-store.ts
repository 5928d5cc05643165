// An ObjectStore in a Map, for tests and prototypes. Bodies are held whole in memory, so it is
// not for large objects. Bytes are copied in and out (see memory-body.ts): callers can never
// mutate stored bytes, nor a source change them by reusing its buffer. Arguments are checked by
// the facade (objectStoreOver); this file only reads and writes the Map.
import { Readable } from 'node:stream';
import type { ByteRange, ObjectInfo, ObjectStore } from '../../contracts/object-store.ts';
import { NotFoundError, PreconditionFailedError } from '../../errors/error-classes.ts';
import { bodyChunks, throwIfAborted } from '../facade/body-source.ts';
import { resolveByteRange } from '../facade/byte-range.ts';
import { compareKeys } from '../facade/key-order.ts';
import { collectListPage, type KeyScan } from '../facade/list-page.ts';
import { isPastPosition } from '../facade/list-position.ts';
import { cloneObjectInfo, objectInfo } from '../facade/object-info.ts';
import { objectStoreOver } from '../facade/object-store-over.ts';
import { type MemoryBody, MemoryBodyWriter, memoryBodyViews } from './memory-body.ts';

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

  /** Views of the stored bytes the range asks for; the caller copies them out. */
  function views(stored: StoredObject, range: ByteRange | undefined): Generator<Buffer> {
    const { size } = stored.body;
    const { start, end } = resolveByteRange(range, size) ?? { start: 0, end: size - 1 };
    return memoryBodyViews(stored.body, start, end + 1);
  }

  const scan: KeyScan = async function* (prefix, position) {
    const keys = [...objects.keys()].filter((key) => key.startsWith(prefix)).sort(compareKeys);
    for (const key of keys) if (isPastPosition(key, position)) yield key;
  };

  return objectStoreOver({
    name: BACKEND,

    async put(key, body, options) {
      const { signal } = options;
      if (options.ifNotExists && objects.has(key)) throw PreconditionFailedError.alreadyExists(key);
      // The writer copies every chunk as it comes: the source may reuse its buffer for the next.
      const writer = new MemoryBodyWriter();
      for await (const chunk of bodyChunks(body, { signal, key })) writer.write(chunk);
      // The key is only touched below, synchronously: an abort up to here leaves the old object.
      throwIfAborted(signal, key);
      // Checked again after reading the body: another put may have created the key meanwhile.
      if (options.ifNotExists && objects.has(key)) throw PreconditionFailedError.alreadyExists(key);
      return store(key, writer.finish(), options);
    },

    async get(key, range) {
      const stored = mustGet(key);
      const pieces = views(stored, range);
      // Each piece is copied only when read, so a download never holds a second copy of the body.
      const copies = (function* () {
        for (const piece of pieces) yield Buffer.from(piece);
      })();
      return { info: cloneObjectInfo(stored.info), body: Readable.from(copies, { objectMode: false }) };
    },

    async getBytes(key, range) {
      // Buffer.concat always copies, even a single piece.
      return Buffer.concat([...views(mustGet(key), range)]);
    },

    async stat(key) {
      return cloneObjectInfo(mustGet(key).info);
    },

    async exists(key) {
      return objects.has(key);
    },

    async list(request) {
      return collectListPage(request, scan, async (key) => {
        const stored = objects.get(key);
        return stored && cloneObjectInfo(stored.info);
      });
    },

    async delete(key) {
      return objects.delete(key);
    },

    async deleteMany(keys) {
      for (const key of keys) objects.delete(key);
    },

    async deletePrefix(prefix) {
      let count = 0;
      for (const key of [...objects.keys()]) {
        if (key.startsWith(prefix) && objects.delete(key)) count++;
      }
      return count;
    },

    async copy(from, to) {
      const source = mustGet(from);
      // Stored bodies are never mutated, so the copy may share the source's bytes.
      return store(to, source.body, source.info);
    },

    async move(from, to) {
      const source = mustGet(from);
      const info = store(to, source.body, source.info);
      objects.delete(from);
      return info;
    },

    async close() {},
  });
}
