// put(): reads the body itself instead of handing a stream to the SDK (minio 8.0.7 neither
// listens for a source stream's errors nor aborts the multipart upload it started). A body that
// fits in one part is one PutObject carrying its MD5, attributes and, for create-only,
// If-None-Match: * (which S3, MinIO and Ceph RGW enforce atomically). Anything larger is a
// multipart upload to a staging key of its own, then placed at the key in one server-side step
// with its attributes and MD5 (upload-staging.ts), so every stored object is one writer's.
//
// Create-only for multipart bodies holds only where the server enforces If-None-Match on
// CompleteMultipartUpload (conditional-complete.ts); elsewhere (Ceph RGW 16.2) it is a
// NotSupportedError before any byte is sent, never a silent overwrite.
import { createHash } from 'node:crypto';
import {
  type Logger,
  NotSupportedError,
  type ObjectBody,
  type ObjectInfo,
  PreconditionFailedError,
} from '@stowage/core';
import { bodyChunks, type ResolvedPutOptions, throwIfAborted } from '@stowage/core/adapter';
import { bodyParts } from './body-parts.ts';
import { MultipartUpload, nextPart } from './multipart-upload.ts';
import { attributeHeaders, bareEtag, infoFromHeaders } from './object-headers.ts';
import { discard, type S3Connection } from './s3-connection.ts';
import { BACKEND, s3Code } from './s3-errors.ts';
import { placeStaged, removeStaged, stagingKey } from './upload-staging.ts';

export interface UploadDeps {
  connection: S3Connection;
  logger: Logger | undefined;
  /** True when an object exists at the key (a HEAD). */
  exists(key: string): Promise<boolean>;
  /** Whether the server enforces If-None-Match on CompleteMultipartUpload. */
  conditionalCompletes(): Promise<boolean>;
}

export async function uploadObject(
  deps: UploadDeps,
  key: string,
  body: ObjectBody,
  put: ResolvedPutOptions,
): Promise<ObjectInfo> {
  const { partSize } = deps.connection.options;
  const spare: Buffer[] = [];
  const chunks = bodyChunks(body, { signal: put.signal, key });
  const parts = bodyParts(chunks, partSize, spare)[Symbol.asyncIterator]();
  try {
    const first = (await nextPart(parts)) as Buffer;
    const second = await nextPart(parts);
    if (second === undefined) return await putSingle(deps.connection, key, first, put);
    // Handed over in an array the upload empties, so no variable here keeps the two parts alive.
    return await putMultipart(deps, key, put, [first, second], parts, spare);
  } finally {
    // Stops a Readable or generator we did not read to the end (e.g. after an S3 failure).
    await parts.return?.(undefined).catch(() => {});
  }
}

async function putSingle(
  connection: S3Connection,
  key: string,
  data: Buffer,
  put: ResolvedPutOptions,
): Promise<ObjectInfo> {
  const md5 = createHash('md5').update(data).digest();
  const headers = attributeHeaders(put, md5.toString('hex'));
  headers['content-md5'] = md5.toString('base64');
  if (put.ifNotExists) headers['if-none-match'] = '*';
  throwIfAborted(put.signal, key);
  const res = await connection.send({ method: 'PUT', key, headers }, data, [200]);
  discard(res);
  const info: ObjectInfo = {
    key,
    size: data.length,
    contentType: put.contentType,
    metadata: { ...put.metadata },
    // PutObject does not return Last-Modified; the server's Date is the same second.
    lastModified: new Date(res.headers.date ?? Date.now()),
    checksums: { md5: md5.toString('hex') },
  };
  if (put.cacheControl !== undefined) info.cacheControl = put.cacheControl;
  const etag = bareEtag(res.headers.etag);
  if (etag !== undefined) info.etag = etag;
  return info;
}

async function putMultipart(
  deps: UploadDeps,
  key: string,
  put: ResolvedPutOptions,
  head: Buffer[],
  rest: AsyncIterator<Buffer>,
  spare: Buffer[],
): Promise<ObjectInfo> {
  const { connection, logger } = deps;
  if (put.ifNotExists) {
    if (!(await deps.conditionalCompletes())) {
      throw NotSupportedError.operation(
        BACKEND,
        'ifNotExists for a body larger than one part',
        'this S3 server does not enforce If-None-Match on CompleteMultipartUpload (Ceph RGW); put create-only bodies of at most partSize bytes, or set conditionalMultipart if it does',
      );
    }
    // Fails early; the completion's If-None-Match is what makes it exclusive.
    if (await deps.exists(key)) throw PreconditionFailedError.alreadyExists(key);
  }
  const staged = stagingKey();
  const upload = await MultipartUpload.start(connection, staged, {}, logger);
  let body: { md5: string; size: number };
  try {
    const streamed = await upload.streamParts(head, rest, spare);
    throwIfAborted(put.signal, key);
    await upload.complete(streamed.parts, false);
    body = streamed;
  } catch (error) {
    await upload.abort();
    throw error;
  }
  try {
    throwIfAborted(put.signal, key);
    await placeStaged({ connection, logger, staged, key, put, md5: body.md5, size: body.size });
  } catch (error) {
    if (s3Code(error) === 'PreconditionFailed') throw PreconditionFailedError.alreadyExists(key);
    throw error;
  } finally {
    await removeStaged(connection, logger, staged);
  }
  return finalInfo(connection, key, put, body.size, body.md5);
}

async function finalInfo(
  connection: S3Connection,
  key: string,
  put: ResolvedPutOptions,
  size: number,
  md5: string,
): Promise<ObjectInfo> {
  let info: ObjectInfo;
  try {
    const res = await connection.send({ method: 'HEAD', key }, '', [200]);
    discard(res);
    info = infoFromHeaders(key, res.headers);
  } catch {
    info = { key, size, contentType: put.contentType, metadata: {}, lastModified: new Date(), checksums: {} };
  }
  // What this put() wrote, even if another writer has replaced the object since.
  const result: ObjectInfo = {
    ...info,
    size,
    contentType: put.contentType,
    metadata: { ...put.metadata },
    checksums: { md5 },
  };
  if (put.cacheControl === undefined) delete result.cacheControl;
  else result.cacheControl = put.cacheControl;
  return result;
}
