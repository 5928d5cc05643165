// The ObjectStore contract on Google Cloud Storage through @google-cloud/storage. Keys and
// options are checked by core before any request; SDK errors are mapped at this boundary
// (gcs-errors.ts). Reads pin the generation stat() saw, so a body always matches its info.
import type { Bucket, File, Storage } from '@google-cloud/storage';
import {
  assertValidObjectKey,
  type GetOptions,
  isStowageError,
  type ListOptions,
  type ListPage,
  type ObjectBody,
  type ObjectDownload,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
  type SignedUrlOptions,
  ValidationError,
} from '@stowage/core';
import {
  assertByteRangeShape,
  assertDeletablePrefix,
  assertObjectBody,
  decodeListCursor,
  encodeListCursor,
  listAllPages,
  mapLimit,
  resolveByteRange,
  resolveListRequest,
  resolvePutOptions,
  resolveSignedUrlOptions,
} from '@stowage/core/adapter';
import { downloadBody } from './gcs-download.ts';
import { BACKEND, mapGcsError, statusOf } from './gcs-errors.ts';
import { type GcsObjectResource, objectInfoFrom } from './gcs-object-info.ts';
import { uploadObject } from './gcs-upload.ts';

/** Parallel requests for deleteMany and deletePrefix (the JSON API deletes one object per call). */
const DELETE_CONCURRENCY = 16;
/** Marks list cursors this store issued; the rest of the cursor is the service's page token. */
const CURSOR_TAG = 'gcs1:';

export interface GcsStoreParts {
  storage: Storage;
  bucket: string;
}

export function gcsObjectStore({ storage, bucket: bucketName }: GcsStoreParts): ObjectStore {
  const bucket: Bucket = storage.bucket(bucketName);

  async function call<T>(operation: string, key: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapGcsError(error, operation, key);
    }
  }

  async function statResource(key: string): Promise<GcsObjectResource> {
    const [metadata] = await call('stat', key, () => bucket.file(key).getMetadata());
    return metadata as GcsObjectResource;
  }

  async function deleteObject(file: File, key: string): Promise<boolean> {
    try {
      await file.delete();
      return true;
    } catch (error) {
      // mapGcsError tells a missing object (already deleted: false) from a missing bucket.
      const mapped = mapGcsError(error, 'delete', key);
      if (isStowageError(mapped, 'NOT_FOUND')) return false;
      throw mapped;
    }
  }

  /** The new object's info from a rewrite response (the SDK's File for it carries no metadata). */
  function copiedInfo(key: string, response: unknown): Promise<ObjectInfo> | ObjectInfo {
    const resource = (response as { resource?: GcsObjectResource } | undefined)?.resource;
    return resource ? objectInfoFrom(key, resource) : store.stat(key);
  }

  function pageToken(cursor: string | undefined): string | undefined {
    if (cursor === undefined) return undefined;
    const decoded = decodeListCursor(cursor);
    if (!decoded.startsWith(CURSOR_TAG) || decoded.length === CURSOR_TAG.length) {
      throw new ValidationError('cursor is not one returned by list()', [
        { path: 'cursor', message: 'pass the cursor of the previous page unchanged' },
      ]);
    }
    return decoded.slice(CURSOR_TAG.length);
  }

  const store: ObjectStore = {
    backend: BACKEND,

    async put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo> {
      assertValidObjectKey(key);
      const resolved = resolvePutOptions(options);
      assertObjectBody(body);
      const resource = await uploadObject(bucket.file(key), key, body, resolved);
      return objectInfoFrom(key, resource);
    },

    async get(key: string, options?: GetOptions): Promise<ObjectDownload> {
      assertValidObjectKey(key);
      assertByteRangeShape(options?.range);
      const resource = await statResource(key);
      const info = objectInfoFrom(key, resource);
      const range = resolveByteRange(options?.range, info.size);
      const pinned = bucket.file(
        key,
        resource.generation === undefined ? {} : { generation: Number(resource.generation) },
      );
      const body = downloadBody(
        pinned,
        key,
        range
          ? { start: range.start, end: range.end, validation: false }
          : // Whole objects are checked against the stored CRC32C as they are read.
            { validation: info.size === 0 ? false : 'crc32c' },
      );
      return { info, body };
    },

    async getBytes(key: string, options?: GetOptions): Promise<Buffer> {
      const { body } = await store.get(key, options);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    async stat(key: string): Promise<ObjectInfo> {
      assertValidObjectKey(key);
      return objectInfoFrom(key, await statResource(key));
    },

    async exists(key: string): Promise<boolean> {
      assertValidObjectKey(key);
      const [exists] = await call('exists', key, () => bucket.file(key).exists());
      return exists;
    },

    async list(options?: ListOptions): Promise<ListPage> {
      const request = resolveListRequest(options);
      const token = pageToken(options?.cursor);
      const [files, , response] = await call('list', undefined, () =>
        bucket.getFiles({
          autoPaginate: false,
          maxResults: request.pageSize,
          ...(request.prefix ? { prefix: request.prefix } : {}),
          ...(request.delimiter === undefined ? {} : { delimiter: request.delimiter }),
          ...(token === undefined ? {} : { pageToken: token }),
        }),
      );
      const answer = (response ?? {}) as { prefixes?: string[]; nextPageToken?: string };
      const page: ListPage = {
        objects: files.map((file) => objectInfoFrom(file.name, file.metadata as GcsObjectResource)),
        prefixes: answer.prefixes ?? [],
      };
      if (answer.nextPageToken) page.cursor = encodeListCursor(`${CURSOR_TAG}${answer.nextPageToken}`);
      return page;
    },

    listAll(options) {
      return listAllPages((page) => store.list(page), options);
    },

    async delete(key: string): Promise<boolean> {
      assertValidObjectKey(key);
      return deleteObject(bucket.file(key), key);
    },

    async deleteMany(keys: readonly string[]): Promise<void> {
      for (const key of keys) assertValidObjectKey(key);
      await mapLimit([...new Set(keys)], DELETE_CONCURRENCY, (key) => deleteObject(bucket.file(key), key));
    },

    async deletePrefix(prefix: string): Promise<number> {
      assertDeletablePrefix(prefix);
      let count = 0;
      let cursor: string | undefined;
      // Page by page, so memory stays bounded whatever the number of objects.
      do {
        const page = await store.list(cursor === undefined ? { prefix } : { prefix, cursor });
        const removed = await mapLimit(page.objects, DELETE_CONCURRENCY, (object) =>
          deleteObject(bucket.file(object.key), object.key),
        );
        count += removed.filter(Boolean).length;
        cursor = page.cursor;
      } while (cursor !== undefined);
      return count;
    },

    async copy(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      const [, response] = await call('copy', from, () => bucket.file(from).copy(bucket.file(to)));
      return copiedInfo(to, response);
    },

    async move(from: string, to: string): Promise<ObjectInfo> {
      assertValidObjectKey(from);
      assertValidObjectKey(to);
      if (from === to) return store.stat(from);
      const source = await statResource(from);
      const generation = source.generation === undefined ? undefined : Number(source.generation);
      const pinned = bucket.file(from, generation === undefined ? {} : { generation });
      const [, response] = await call('move', from, () => pinned.copy(bucket.file(to)));
      // Only the generation that was copied is removed: a writer that replaced the source
      // meanwhile keeps its object.
      try {
        await bucket.file(from).delete(generation === undefined ? {} : { ifGenerationMatch: generation });
      } catch (error) {
        if (statusOf(error) !== 404 && statusOf(error) !== 412) throw mapGcsError(error, 'move', from);
      }
      return copiedInfo(to, response);
    },

    async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
      assertValidObjectKey(key);
      const { method, expiresIn, contentType, responseContentDisposition, responseContentType } =
        resolveSignedUrlOptions(options);
      const [url] = await call('signedUrl', key, () =>
        bucket.file(key).getSignedUrl({
          version: 'v4',
          action: method === 'GET' ? 'read' : 'write',
          expires: Date.now() + expiresIn * 1000,
          ...(contentType === undefined ? {} : { contentType }),
          // The SDK signs these as response-content-disposition / -type query parameters.
          ...(responseContentDisposition === undefined
            ? {}
            : { responseDisposition: responseContentDisposition }),
          ...(responseContentType === undefined ? {} : { responseType: responseContentType }),
        }),
      );
      return url;
    },

    async close(): Promise<void> {
      // The SDK keeps no connections that need closing.
    },
  };
  return store;
}
