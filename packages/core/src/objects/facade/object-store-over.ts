// objectStoreOver(): the ObjectStore contract over a backend that only does I/O
// (object-store-backend.ts). Every argument is checked here, once, before the backend sees it —
// key, then body, then put options and the signal; key then range shape; both keys of a copy or
// move; every key of deleteMany before any is deleted — so one bad input is one typed error on
// every store. Failures are wrapped here too: typed Stowage errors pass unchanged, the caller's
// own body errors come back as thrown (SourceFailure), everything else goes through the backend's
// mapError with the call's site. getBytes(), listAll(), move(a, a) and the operations a backend
// may leave out (exists, deleteMany, deletePrefix, signedUrl) are built here on the others.
import type {
  GetOptions,
  ListOptions,
  ObjectBody,
  ObjectInfo,
  ObjectStore,
  PutOptions,
  SignedUrlOptions,
} from '../../contracts/object-store.ts';
import { objectsChannel } from '../../diagnostics/diagnostic-channels.ts';
import type { ObjectOperationContext, ObjectOperationName } from '../../diagnostics/diagnostic-contexts.ts';
import { traced } from '../../diagnostics/traced.ts';
import { isStowageError } from '../../errors/stowage-error.ts';
import { assertDeletablePrefix, assertValidObjectKey } from '../../keys/object-key.ts';
import { assertObjectBody, throwIfAborted } from './body-source.ts';
import { assertByteRangeShape } from './byte-range.ts';
import { listAllPages } from './list-all.ts';
import { resolveListRequest } from './list-request.ts';
import { mapLimit } from './map-limit.ts';
import type { ObjectCallSite, ObjectOperation, ObjectStoreBackend } from './object-store-backend.ts';
import { resolvePutOptions } from './put-options.ts';
import { resolveSignedUrlOptions } from './signed-url-options.ts';
import { signedUrlsUnsupported } from './signed-url-unsupported.ts';
import { SourceFailure } from './source-failure.ts';

/** Deletes in flight at once when the facade deletes object by object. */
const DELETE_CONCURRENCY = 16;

function keySite(operation: ObjectOperation, key: string): ObjectCallSite {
  return { operation, key, subject: JSON.stringify(key) };
}

function transferSite(operation: 'copy' | 'move', from: string, to: string): ObjectCallSite {
  return { operation, key: from, subject: `${JSON.stringify(from)} to ${JSON.stringify(to)}` };
}

function prefixSite(operation: ObjectOperation, prefix: string): ObjectCallSite {
  return { operation, subject: `prefix ${JSON.stringify(prefix)}` };
}

async function collect(body: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The ObjectStore over `backend`. */
export function objectStoreOver(backend: ObjectStoreBackend): ObjectStore {
  // The operations a backend may leave out, bound once.
  const getBytes = backend.getBytes?.bind(backend);
  const exists = backend.exists?.bind(backend);
  const deleteMany = backend.deleteMany?.bind(backend);
  const deletePrefix = backend.deletePrefix?.bind(backend);
  const signedUrl = backend.signedUrl?.bind(backend);
  const { bucket } = backend;

  /** What to throw for `error`, met in a backend call at `site`. */
  function failure(error: unknown, site: ObjectCallSite): unknown {
    if (error instanceof SourceFailure) return error.original;
    if (isStowageError(error) || backend.mapError === undefined) return error;
    return backend.mapError(error, site);
  }

  /** Runs a backend call: traced on `stowage:objects` (when subscribed), its failure mapped. */
  function call<T>(
    site: ObjectCallSite,
    task: () => Promise<T>,
    measure?: (result: T, context: ObjectOperationContext) => void,
    operation: ObjectOperationName = site.operation,
  ): Promise<T> {
    return traced(
      objectsChannel,
      (): ObjectOperationContext =>
        bucket === undefined
          ? { store: backend.name, operation, key: site.key }
          : { store: backend.name, bucket, operation, key: site.key },
      async (context) => {
        try {
          const result = await task();
          if (context && measure) measure(result, context);
          return result;
        } catch (error) {
          throw failure(error, site);
        }
      },
    );
  }

  const sized = (info: ObjectInfo, context: ObjectOperationContext) => {
    context.bytes = info.size;
  };

  function deleteEach(keys: Iterable<string>): Promise<boolean[]> {
    return mapLimit([...keys], DELETE_CONCURRENCY, (key) =>
      call(keySite('delete', key), () => backend.delete(key)),
    );
  }

  /** deletePrefix() for backends without one: page after page, so memory stays bounded. */
  async function deletePages(prefix: string): Promise<number> {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await store.list(cursor === undefined ? { prefix } : { prefix, cursor });
      const removed = await deleteEach(page.objects.map((object) => object.key));
      count += removed.filter(Boolean).length;
      cursor = page.cursor;
    } while (cursor !== undefined);
    return count;
  }

  const store: ObjectStore = {
    backend: backend.name,

    async put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo> {
      assertValidObjectKey(key);
      assertObjectBody(body);
      const resolved = resolvePutOptions(options);
      // Before any I/O: an aborted put reads nothing and leaves the key as it was.
      throwIfAborted(resolved.signal, key);
      return call(keySite('put', key), () => backend.put(key, body, resolved), sized);
    },

    async get(key: string, options?: GetOptions) {
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      return call(
        keySite('get', key),
        () => backend.get(key, options?.range),
        (download, context) => {
          // The body is a stream read later: its size is the object's (or the range's, when given).
          if (options?.range === undefined) context.bytes = download.info.size;
        },
      );
    },

    async getBytes(key: string, options?: GetOptions): Promise<Buffer> {
      if (getBytes === undefined) return collect((await store.get(key, options)).body);
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      return call(
        keySite('get', key),
        () => getBytes(key, options?.range),
        (bytes, context) => {
          context.bytes = bytes.length;
        },
        'getBytes',
      );
    },

    async stat(key: string): Promise<ObjectInfo> {
      assertValidObjectKey(key);
      return call(keySite('stat', key), () => backend.stat(key));
    },

    async exists(key: string): Promise<boolean> {
      assertValidObjectKey(key);
      const site = keySite('exists', key);
      if (exists !== undefined) return call(site, () => exists(key));
      return call(site, async () => {
        try {
          await backend.stat(key);
          return true;
        } catch (error) {
          const failed = failure(error, site);
          if (isStowageError(failed, 'NOT_FOUND')) return false;
          throw failed;
        }
      });
    },

    async list(options?: ListOptions) {
      const request = resolveListRequest(options);
      return call(
        prefixSite('list', request.prefix),
        () => backend.list(request),
        (page, context) => {
          context.objects = page.objects.length;
        },
      );
    },

    listAll(options) {
      // Options are checked by the first list() call, when iteration starts.
      return listAllPages((page) => store.list(page), options);
    },

    async delete(key: string): Promise<boolean> {
      assertValidObjectKey(key);
      return call(keySite('delete', key), () => backend.delete(key));
    },

    async deleteMany(keys: readonly string[]): Promise<void> {
      // Every key first: one bad key deletes nothing.
      for (const key of keys) assertValidObjectKey(key);
      const site: ObjectCallSite = { operation: 'deleteMany', subject: `${keys.length} keys` };
      await call(
        site,
        async () => {
          if (deleteMany !== undefined) await deleteMany(keys);
          else await deleteEach(new Set(keys));
        },
        (_, context) => {
          context.objects = keys.length;
        },
      );
    },

    async deletePrefix(prefix: string): Promise<number> {
      assertDeletablePrefix(prefix);
      return call(
        prefixSite('deletePrefix', prefix),
        () => (deletePrefix === undefined ? deletePages(prefix) : deletePrefix(prefix)),
        (count, context) => {
          context.objects = count;
        },
      );
    },

    async copy(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      return call(transferSite('copy', from, to), () => backend.copy(from, to));
    },

    async move(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      // Onto itself: nothing moves, and a missing source is NotFoundError as for any move.
      return call(transferSite('move', from, to), () =>
        from === to ? backend.stat(from) : backend.move(from, to),
      );
    },

    async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
      assertValidObjectKey(key);
      if (signedUrl === undefined) throw signedUrlsUnsupported(backend.name);
      const resolved = resolveSignedUrlOptions(options);
      return call(keySite('signedUrl', key), () => signedUrl(key, resolved));
    },

    close(): Promise<void> {
      return backend.close();
    },
  };
  return store;
}
