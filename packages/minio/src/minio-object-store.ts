// The ObjectStore on an S3 server (MinIO, AWS S3, Cloudflare R2, Ceph RGW…) through the minio
// SDK's signed requests: the I/O behind core's facade (objectStoreOver), which checks keys and
// options before any request and maps every failure through toStowageError (s3-errors.ts).
// Uploads: object-upload.ts; listings: list-objects.ts; signed URLs: presign-url.ts.
//
// A missing bucket is a ConfigError naming OBJECT_STORE_BUCKET: S3 says NoSuchBucket on most
// calls; a HEAD (stat, exists, delete) only says 404, so the first HEAD 404 checks the bucket
// once, and later ones trust it.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { NotFoundError, type ObjectInfo, type ObjectStore } from '@stowage/core';
import { objectStoreOver } from '@stowage/core/adapter';
import { conditionalCompletes } from './conditional-complete.ts';
import { encodeKeyPath } from './key-path.ts';
import { keyBatches, listPage } from './list-objects.ts';
import { infoFromHeaders } from './object-headers.ts';
import { uploadObject } from './object-upload.ts';
import { presignUrl } from './presign-url.ts';
import { discard, openConnection, readText, type S3Connection } from './s3-connection.ts';
import { BACKEND, missingBucket, s3Code, toStowageError } from './s3-errors.ts';
import { escapeXml, parseDeleteErrors, s3Failure, throwIfErrorDocument } from './s3-xml.ts';
import { type MinioObjectStoreOptions, resolveOptions } from './store-options.ts';

/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;

export function createMinioObjectStore(options: MinioObjectStoreOptions): ObjectStore {
  const resolved = resolveOptions(options);
  const connection: S3Connection = openConnection(resolved);
  const facts = { shownEndpoint: resolved.shownEndpoint, bucket: resolved.bucket };
  let bucketKnown = false;
  const completesAreConditional = conditionalCompletes(
    connection,
    resolved.logger,
    resolved.conditionalMultipart,
  );

  /** After a HEAD 404: the object is missing, unless the whole bucket is. */
  async function checkBucket(): Promise<void> {
    if (bucketKnown) return;
    try {
      discard(await connection.send({ method: 'HEAD' }, '', [200]));
    } catch (error) {
      if (s3Code(error) === 'NotFound' || s3Code(error) === 'NoSuchBucket') throw missingBucket(facts);
      throw error;
    }
    bucketKnown = true;
  }

  /** HEAD of one key: its headers, or undefined when there is no object. */
  async function head(key: string): Promise<IncomingMessage | undefined> {
    try {
      const res = await connection.send({ method: 'HEAD', key }, '', [200]);
      discard(res);
      return res;
    } catch (error) {
      if (s3Code(error) !== 'NotFound' && s3Code(error) !== 'NoSuchKey') throw error;
      await checkBucket();
      return undefined;
    }
  }

  async function statOrUndefined(key: string): Promise<ObjectInfo | undefined> {
    const res = await head(key);
    return res && infoFromHeaders(key, res.headers);
  }

  async function statObject(key: string): Promise<ObjectInfo> {
    const info = await statOrUndefined(key);
    if (!info) throw NotFoundError.object(key);
    return info;
  }

  async function deleteBatch(keys: readonly string[]): Promise<void> {
    const xml = `<Delete><Quiet>true</Quiet>${keys
      .map((key) => `<Object><Key>${escapeXml(key)}</Key></Object>`)
      .join('')}</Delete>`;
    const res = await connection.send(
      {
        method: 'POST',
        query: 'delete',
        headers: {
          'content-type': 'application/xml',
          'content-md5': createHash('md5').update(xml).digest('base64'),
        },
      },
      xml,
      [200],
    );
    const failures = parseDeleteErrors(await readText(res));
    const failure = failures.find((f) => f.code !== 'NoSuchKey');
    if (failure) throw s3Failure(failure.code, `DeleteObjects failed for ${JSON.stringify(failure.key)}`);
  }

  async function copyObject(from: string, to: string): Promise<ObjectInfo> {
    // S3 refuses a copy onto itself without new attributes; every other store treats it as a no-op.
    if (from === to) return statObject(from);
    const res = await connection.send(
      {
        method: 'PUT',
        key: to,
        headers: { 'x-amz-copy-source': `/${resolved.bucket}/${encodeKeyPath(from)}` },
      },
      '',
      [200],
    );
    throwIfErrorDocument(await readText(res));
    return statObject(to);
  }

  async function* bodyOf(res: IncomingMessage, key: string): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of res) yield chunk as Buffer;
    } catch (error) {
      throw toStowageError(error, { operation: 'get', key }, facts);
    }
  }

  return objectStoreOver({
    name: BACKEND,
    bucket: resolved.bucket,

    put(key, body, put) {
      return uploadObject(
        {
          connection,
          logger: resolved.logger,
          exists: async (k) => (await head(k)) !== undefined,
          conditionalCompletes: completesAreConditional,
        },
        key,
        body,
        put,
      );
    },

    async get(key, range) {
      const headers: Record<string, string> = range
        ? { range: `bytes=${range.start}-${range.end ?? ''}` }
        : {};
      const res = await connection.send({ method: 'GET', key, headers }, '', range ? [206] : [200]);
      return { info: infoFromHeaders(key, res.headers), body: Readable.from(bodyOf(res, key)) };
    },

    stat: statObject,

    async exists(key) {
      return (await head(key)) !== undefined;
    },

    list(request) {
      return listPage(connection, request, statOrUndefined);
    },

    async delete(key) {
      // S3 answers 204 whether or not there was an object, so a HEAD tells which.
      if (!(await head(key))) return false;
      discard(await connection.send({ method: 'DELETE', key }, '', [200, 204]));
      return true;
    },

    async deleteMany(keys) {
      for (let i = 0; i < keys.length; i += DELETE_BATCH) await deleteBatch(keys.slice(i, i + DELETE_BATCH));
    },

    async deletePrefix(prefix) {
      let count = 0;
      for await (const batch of keyBatches(connection, prefix)) {
        await deleteBatch(batch);
        count += batch.length;
      }
      return count;
    },

    copy: copyObject,

    async move(from, to) {
      const info = await copyObject(from, to);
      discard(await connection.send({ method: 'DELETE', key: from }, '', [200, 204]));
      return info;
    },

    async signedUrl(
      key,
      { method, expiresIn, contentType, responseContentDisposition, responseContentType },
    ) {
      return presignUrl({
        method,
        host: resolved.host,
        port: resolved.port,
        useSSL: resolved.useSSL,
        pathStyle: resolved.pathStyle,
        bucket: resolved.bucket,
        key,
        region: resolved.region,
        accessKey: resolved.accessKey,
        secretKey: resolved.secretKey,
        sessionToken: resolved.sessionToken,
        expiresIn,
        contentType,
        responseContentDisposition,
        responseContentType,
      });
    },

    // The caller's own body errors are tagged (core's SourceFailure) and handed back by the facade.
    mapError: (error, site) => toStowageError(error, site, facts),

    async close() {
      connection.close();
    },
  });
}
