// The ObjectStore contract on Google Cloud Storage through @google-cloud/storage: the I/O behind
// core's facade (objectStoreOver), which checks keys and options before any request and maps SDK
// errors through mapGcsError (gcs-errors.ts). Reads pin the generation stat() saw, so a body
// always matches its info. deleteMany and deletePrefix are the facade's: one delete per object
// (the JSON API has no batch delete), a few at a time.
import type { Bucket, File, Storage } from '@google-cloud/storage';
import {
  isStowageError,
  type ListPage,
  type ObjectInfo,
  type ObjectStore,
  ValidationError,
} from '@stowage/core';
import { encodeListCursor, objectStoreOver, resolveByteRange } from '@stowage/core/adapter';
import { downloadBody } from './gcs-download.ts';
import { BACKEND, mapGcsError, statusOf } from './gcs-errors.ts';
import { type GcsObjectResource, objectInfoFrom } from './gcs-object-info.ts';
import { uploadObject } from './gcs-upload.ts';

/** Marks list cursors this store issued; the rest of the cursor is the service's page token. */
const CURSOR_TAG = 'gcs1:';

export interface GcsStoreParts {
  storage: Storage;
  bucket: string;
}

export function gcsObjectStore({ storage, bucket: bucketName }: GcsStoreParts): ObjectStore {
  const bucket: Bucket = storage.bucket(bucketName);

  /** The object's resource; failures are a stat's, whichever operation needed it. */
  async function statResource(key: string): Promise<GcsObjectResource> {
    try {
      const [metadata] = await bucket.file(key).getMetadata();
      return metadata as GcsObjectResource;
    } catch (error) {
      throw mapGcsError(error, 'stat', key);
    }
  }

  async function statObject(key: string): Promise<ObjectInfo> {
    return objectInfoFrom(key, await statResource(key));
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
    return resource ? objectInfoFrom(key, resource) : statObject(key);
  }

  /** The service's page token in a cursor's decoded text (`after`), which must be this store's. */
  function pageToken(after: string | undefined): string | undefined {
    if (after === undefined) return undefined;
    if (!after.startsWith(CURSOR_TAG) || after.length === CURSOR_TAG.length) {
      throw new ValidationError('cursor is not one returned by list()', [
        { path: 'cursor', message: 'pass the cursor of the previous page unchanged' },
      ]);
    }
    return after.slice(CURSOR_TAG.length);
  }

  return objectStoreOver({
    name: BACKEND,
    bucket: bucketName,

    async put(key, body, options) {
      return objectInfoFrom(key, await uploadObject(bucket.file(key), key, body, options));
    },

    async get(key, byteRange) {
      const resource = await statResource(key);
      const info = objectInfoFrom(key, resource);
      const range = resolveByteRange(byteRange, info.size);
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

    stat: statObject,

    async exists(key) {
      const [exists] = await bucket.file(key).exists();
      return exists;
    },

    async list(request) {
      // A cursor is checked by the facade; `after` is its text, which holds the service's token.
      const token = pageToken(request.start.after);
      const [files, , response] = await bucket.getFiles({
        autoPaginate: false,
        maxResults: request.pageSize,
        ...(request.prefix ? { prefix: request.prefix } : {}),
        ...(request.delimiter === undefined ? {} : { delimiter: request.delimiter }),
        ...(token === undefined ? {} : { pageToken: token }),
      });
      const answer = (response ?? {}) as { prefixes?: string[]; nextPageToken?: string };
      const page: ListPage = {
        objects: files.map((file) => objectInfoFrom(file.name, file.metadata as GcsObjectResource)),
        prefixes: answer.prefixes ?? [],
      };
      if (answer.nextPageToken) page.cursor = encodeListCursor(`${CURSOR_TAG}${answer.nextPageToken}`);
      return page;
    },

    async delete(key) {
      return deleteObject(bucket.file(key), key);
    },

    async copy(from, to) {
      const [, response] = await bucket.file(from).copy(bucket.file(to));
      return copiedInfo(to, response);
    },

    async move(from, to) {
      const source = await statResource(from);
      const generation = source.generation === undefined ? undefined : Number(source.generation);
      const pinned = bucket.file(from, generation === undefined ? {} : { generation });
      const [, response] = await pinned.copy(bucket.file(to));
      // Only the generation that was copied is removed: a writer that replaced the source
      // meanwhile keeps its object.
      try {
        await bucket.file(from).delete(generation === undefined ? {} : { ifGenerationMatch: generation });
      } catch (error) {
        if (statusOf(error) !== 404 && statusOf(error) !== 412) throw error;
      }
      return copiedInfo(to, response);
    },

    async signedUrl(
      key,
      { method, expiresIn, contentType, responseContentDisposition, responseContentType },
    ) {
      const [url] = await bucket.file(key).getSignedUrl({
        version: 'v4',
        action: method === 'GET' ? 'read' : 'write',
        expires: Date.now() + expiresIn * 1000,
        ...(contentType === undefined ? {} : { contentType }),
        // The SDK signs these as response-content-disposition / -type query parameters.
        ...(responseContentDisposition === undefined
          ? {}
          : { responseDisposition: responseContentDisposition }),
        ...(responseContentType === undefined ? {} : { responseType: responseContentType }),
      });
      return url;
    },

    mapError: (error, site) => mapGcsError(error, site.operation, site.key),

    async close() {
      // The SDK keeps no connections that need closing.
    },
  });
}
