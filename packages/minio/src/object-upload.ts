// put(): reads the body itself instead of handing a stream to the SDK (minio 8.0.7 neither
// listens for a source stream's errors nor aborts the multipart upload it started). A body that
// fits in one part is one PutObject; anything larger is a multipart upload with one part in
// flight while the next is read, so memory stays at two parts whatever the size. If the source
// or S3 fails, the upload is aborted by its own id (not removeIncompleteUpload, which would also
// abort other writers' uploads to the key) and nothing appears at the key.
//
// Checksums: the MD5 is computed while streaming and stored as x-amz-meta-stowage.md5. A single
// PutObject sends it with the body. A multipart object's MD5 is only known at the end, so after
// completing, the object is copied onto itself with the MD5 added, on condition that its ETag is
// still the one our parts produce (a later writer's object is never stamped with our MD5).
//
// Create-only: PutObject carries If-None-Match: *, which S3, MinIO and Ceph RGW 16.2 enforce
// atomically. CompleteMultipartUpload carries it too (AWS S3 and recent MinIO enforce it; RGW 16.2
// ignores it), and the key is checked with HEAD before the upload starts and again just before
// completing: on RGW two create-only uploads larger than one part that complete within the same
// moment can both succeed, the later one winning.
import { createHash } from 'node:crypto';
import {
  bodyChunks,
  type Logger,
  type ObjectBody,
  type ObjectInfo,
  PreconditionFailedError,
  type ResolvedPutOptions,
  ValidationError,
} from '@stowage/core';
import { bodyParts } from './body-parts.ts';
import { encodeKeyPath, encodeQueryValue } from './key-path.ts';
import { attributeHeaders, bareEtag, infoFromHeaders, MD5_META } from './object-headers.ts';
import { discard, readText, type S3Connection } from './s3-connection.ts';
import { s3Code } from './s3-errors.ts';
import { throwIfErrorDocument, unescapeXml } from './s3-xml.ts';

/** S3's limit on parts per upload. */
const MAX_PARTS = 10_000;

function tooLarge(partSize: number): ValidationError {
  const limit = `${MAX_PARTS} parts of ${partSize} bytes`;
  return new ValidationError(`body: larger than ${limit}; create the store with a larger partSize`, [
    { path: 'body', message: `at most ${limit}` },
  ]);
}

/** CopyObject's limit: larger multipart objects keep their MD5 in put()'s result only. */
const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;

export interface UploadDeps {
  connection: S3Connection;
  logger: Logger | undefined;
  /** True when an object exists at the key (a HEAD). */
  exists(key: string): Promise<boolean>;
}

/** Marks errors of the caller's body, which put() rethrows exactly as they were. */
export class SourceFailure extends Error {
  readonly original: unknown;
  constructor(original: unknown) {
    super('the body source failed');
    this.original = original;
  }
}

async function nextPart(parts: AsyncIterator<Buffer>): Promise<Buffer | undefined> {
  try {
    const step = await parts.next();
    return step.done ? undefined : step.value;
  } catch (error) {
    throw new SourceFailure(error);
  }
}

export async function uploadObject(
  deps: UploadDeps,
  key: string,
  body: ObjectBody,
  put: ResolvedPutOptions,
): Promise<ObjectInfo> {
  const { partSize } = deps.connection.options;
  const spare: Buffer[] = [];
  const parts = bodyParts(bodyChunks(body), partSize, spare)[Symbol.asyncIterator]();
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

interface UploadedPart {
  part: number;
  etag: string;
}

async function putMultipart(
  deps: UploadDeps,
  key: string,
  put: ResolvedPutOptions,
  head: Buffer[],
  rest: AsyncIterator<Buffer>,
  spare: Buffer[],
): Promise<ObjectInfo> {
  const { connection } = deps;
  if (put.ifNotExists && (await deps.exists(key))) throw PreconditionFailedError.alreadyExists(key);
  const uploadId = await initiate(connection, key, put);
  const uploadQuery = `uploadId=${encodeQueryValue(uploadId)}`;
  const whole = createHash('md5');
  const partMd5s: Buffer[] = [];
  const uploaded: UploadedPart[] = [];
  let size = 0;
  let inflight: Promise<UploadedPart> | undefined;

  const send = async (data: Buffer, part: number): Promise<UploadedPart> => {
    const md5 = createHash('md5').update(data).digest();
    partMd5s[part - 1] = md5;
    const res = await connection.send(
      {
        method: 'PUT',
        key,
        query: `partNumber=${part}&${uploadQuery}`,
        headers: { 'content-md5': md5.toString('base64') },
      },
      data,
      [200],
    );
    discard(res);
    // The request has been sent whole: its buffer can carry a later part.
    spare.push(data);
    return { part, etag: bareEtag(res.headers.etag) ?? md5.toString('hex') };
  };

  try {
    // At most two parts in memory: the one in flight and the one being read.
    let data: Buffer | undefined = head.shift();
    for (let part = 1; data !== undefined; part++) {
      if (part > MAX_PARTS) throw tooLarge(connection.options.partSize);
      whole.update(data);
      size += data.length;
      if (inflight) uploaded.push(await inflight);
      inflight = send(data, part);
      // Handled later by the await above or in the catch; this stops an "unhandled rejection"
      // while the next part is still being read.
      inflight.catch(() => {});
      data = head.shift() ?? (await nextPart(rest));
    }
    if (inflight) uploaded.push(await inflight);
    inflight = undefined;
    if (put.ifNotExists && (await deps.exists(key))) throw PreconditionFailedError.alreadyExists(key);
    await complete(connection, key, uploadQuery, uploaded, put.ifNotExists);
  } catch (error) {
    await inflight?.catch(() => {});
    await abort(deps, key, uploadQuery);
    if (s3Code(error) === 'PreconditionFailed') throw PreconditionFailedError.alreadyExists(key);
    throw error;
  }

  const md5 = whole.digest('hex');
  const expectedEtag = `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${uploaded.length}`;
  if (size <= MAX_SINGLE_COPY_BYTES) await stampMd5(deps, key, put, md5, expectedEtag);
  return finalInfo(connection, key, put, size, md5);
}

async function initiate(connection: S3Connection, key: string, put: ResolvedPutOptions): Promise<string> {
  const res = await connection.send(
    { method: 'POST', key, query: 'uploads', headers: attributeHeaders(put) },
    '',
    [200],
  );
  const xml = await readText(res);
  const id = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
  if (!id) throw new Error('CreateMultipartUpload answered without an UploadId');
  return unescapeXml(id);
}

async function complete(
  connection: S3Connection,
  key: string,
  uploadQuery: string,
  parts: UploadedPart[],
  ifNotExists: boolean,
): Promise<void> {
  const xml =
    '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    parts.map((p) => `<Part><PartNumber>${p.part}</PartNumber><ETag>"${p.etag}"</ETag></Part>`).join('') +
    '</CompleteMultipartUpload>';
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (ifNotExists) headers['if-none-match'] = '*';
  const res = await connection.send({ method: 'POST', key, query: uploadQuery, headers }, xml, [200]);
  // S3 may answer 200 and still report a failure in the body.
  throwIfErrorDocument(await readText(res));
}

async function abort(deps: UploadDeps, key: string, uploadQuery: string): Promise<void> {
  try {
    const res = await deps.connection.send({ method: 'DELETE', key, query: uploadQuery }, '', [200, 204]);
    discard(res);
  } catch (error) {
    if (s3Code(error) === 'NoSuchUpload') return;
    // The caller gets the upload's own error; this one only matters to whoever cleans up.
    deps.logger?.warn(
      'minio: could not abort a failed multipart upload; its parts stay until a lifecycle rule removes them',
      {
        key,
        error:
          error instanceof Error
            ? `${error.name}: ${(error as { code?: unknown }).code ?? ''}`
            : String(error),
      },
    );
  }
}

async function stampMd5(
  deps: UploadDeps,
  key: string,
  put: ResolvedPutOptions,
  md5: string,
  expectedEtag: string,
): Promise<void> {
  const { connection } = deps;
  const headers = attributeHeaders(put, md5);
  headers['x-amz-copy-source'] = `/${connection.options.bucket}/${encodeKeyPath(key)}`;
  headers['x-amz-metadata-directive'] = 'REPLACE';
  headers['x-amz-copy-source-if-match'] = `"${expectedEtag}"`;
  try {
    const res = await connection.send({ method: 'PUT', key, headers }, '', [200]);
    throwIfErrorDocument(await readText(res));
  } catch (error) {
    // A later writer replaced the object (412), or the server cannot copy it: stat() then
    // reports no MD5 for it, which the contract allows.
    deps.logger?.debug(`minio: ${MD5_META} not stored for a multipart object`, {
      key,
      s3Code: s3Code(error) ?? 'none',
    });
  }
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
