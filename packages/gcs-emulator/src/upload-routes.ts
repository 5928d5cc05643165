// /upload/storage/v1/b/{bucket}/o: simple media uploads, multipart/related uploads and resumable
// sessions (start, chunks, status probe, cancel).
import { randomUUID } from 'node:crypto';
import { ApiError } from './api-error.ts';
import { ChecksumAccumulator, type Checksums } from './checksums.ts';
import { parseContentRange } from './content-range.ts';
import type { EmulatorContext } from './context.ts';
import {
  checksumsFromHashHeader,
  checksumsFromMetadata,
  verifyDeclaredChecksums,
} from './declared-checksums.ts';
import { type Exchange, header, parseJsonObject, readJson, sendEmpty, sendResource } from './exchange.ts';
import { checkCustomMetadataSize } from './metadata-limit.ts';
import { boundaryOf, readMultipart } from './multipart-related.ts';
import { attributesFromJson } from './object-attributes.ts';
import { checkWritePreconditions, parseInteger, parsePreconditions } from './preconditions.ts';
import { receiveBlob } from './receive-body.ts';
import type { ObjectAttributes } from './records.ts';
import { objectResource } from './resources.ts';
import { ResumableSession } from './resumable-session.ts';
import { validateObjectName } from './store.ts';
import type { StoredBlob } from './stored-blob.ts';

function requireName(exchange: Exchange, fallback?: unknown): string {
  const name = exchange.query.get('name') ?? (typeof fallback === 'string' ? fallback : undefined);
  if (name === undefined || name === '') throw ApiError.required('Required parameter: name');
  validateObjectName(name);
  return name;
}

function withQueryAttributes(exchange: Exchange, attributes: ObjectAttributes): ObjectAttributes {
  const contentEncoding = exchange.query.get('contentEncoding');
  return contentEncoding === null ? attributes : { ...attributes, contentEncoding };
}

export async function handleUploadPost(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
): Promise<void> {
  if (exchange.query.has('upload_id')) return handleSessionRequest(context, exchange, bucket);
  context.store.requireBucket(bucket);
  const uploadType =
    exchange.query.get('uploadType') ??
    (boundaryOf(header(exchange, 'content-type')) ? 'multipart' : 'media');
  switch (uploadType) {
    case 'media':
      return mediaUpload(context, exchange, bucket);
    case 'multipart':
      return multipartUpload(context, exchange, bucket);
    case 'resumable':
      return startSession(context, exchange, bucket);
    default:
      throw ApiError.invalid(`Invalid upload type: ${uploadType}`);
  }
}

async function mediaUpload(context: EmulatorContext, exchange: Exchange, bucket: string): Promise<void> {
  const name = requireName(exchange);
  const conditions = parsePreconditions(exchange.query);
  const { blob, checksums } = await receiveBlob(exchange.req, await context.store.newWriter());
  await commitUpload(
    context,
    exchange,
    { bucket, name, blob, checksums, conditions },
    {
      contentType: header(exchange, 'content-type'),
    },
    [checksumsFromHashHeader(header(exchange, 'x-goog-hash'))],
  );
}

async function multipartUpload(context: EmulatorContext, exchange: Exchange, bucket: string): Promise<void> {
  const boundary = boundaryOf(header(exchange, 'content-type'));
  if (boundary === undefined) throw ApiError.invalid('Invalid multipart request: missing boundary.');
  const conditions = parsePreconditions(exchange.query);
  const metadataChunks: Buffer[] = [];
  let mediaType: string | undefined;
  const writer = await context.store.newWriter();
  const hash = new ChecksumAccumulator();
  let parts: number;
  try {
    parts = await readMultipart(exchange.req, boundary, (index, headers) => {
      if (index === 0) return { write: (chunk) => void metadataChunks.push(chunk) };
      if (index === 1) {
        mediaType = headers.get('content-type');
        return {
          write: (chunk) => {
            hash.update(chunk);
            return writer.append(chunk);
          },
        };
      }
      throw ApiError.invalid('Invalid multipart request: expected exactly two parts.');
    });
    if (parts !== 2) throw ApiError.invalid('Invalid multipart request: expected exactly two parts.');
  } catch (error) {
    await writer.discard();
    throw error;
  }
  const blob = await writer.seal();
  const checksums = hash.digest();
  try {
    const text = Buffer.concat(metadataChunks).toString('utf8').trim();
    const metadata = text === '' ? {} : parseJsonObject(text);
    const name = requireName(exchange, metadata.name);
    const attributes = attributesFromJson(metadata);
    await commitUpload(
      context,
      exchange,
      { bucket, name, blob, checksums, conditions },
      { ...attributes, contentType: attributes.contentType ?? mediaType },
      [checksumsFromMetadata(metadata), checksumsFromHashHeader(header(exchange, 'x-goog-hash'))],
    );
  } catch (error) {
    await context.store.discard(blob);
    throw error;
  }
}

interface ReceivedUpload {
  bucket: string;
  name: string;
  blob: StoredBlob;
  checksums: Checksums;
  conditions: ReturnType<typeof parsePreconditions>;
}

async function commitUpload(
  context: EmulatorContext,
  exchange: Exchange,
  upload: ReceivedUpload,
  attributes: ObjectAttributes,
  declared: Parameters<typeof verifyDeclaredChecksums>[1][],
): Promise<void> {
  try {
    verifyDeclaredChecksums(upload.checksums, ...declared);
  } catch (error) {
    await context.store.discard(upload.blob);
    throw error;
  }
  const record = await context.store.commitObject(
    {
      bucket: upload.bucket,
      name: upload.name,
      attributes: withQueryAttributes(exchange, attributes),
      blob: upload.blob,
      md5Hash: upload.checksums.md5Hash,
      crc32c: upload.checksums.crc32c,
    },
    upload.conditions,
  );
  sendResource(exchange, 200, objectResource(record, exchange.baseUrl));
}

async function startSession(context: EmulatorContext, exchange: Exchange, bucket: string): Promise<void> {
  const metadata = await readJson(exchange.req);
  const name = requireName(exchange, metadata.name);
  const conditions = parsePreconditions(exchange.query);
  // The service refuses a session that could never complete (e.g. ifGenerationMatch=0 on an existing object).
  checkWritePreconditions(context.store.getObject(bucket, name), conditions);
  const attributes = attributesFromJson(metadata);
  // Refused when the session starts, as the service does, not after every byte was sent.
  checkCustomMetadataSize(attributes.metadata);
  const id = randomUUID().replaceAll('-', '');
  const session = new ResumableSession(context.store, {
    id,
    bucket,
    name,
    attributes: withQueryAttributes(exchange, {
      ...attributes,
      contentType: attributes.contentType ?? header(exchange, 'x-upload-content-type'),
    }),
    conditions,
    declaredSize: parseInteger('X-Upload-Content-Length', header(exchange, 'x-upload-content-length')),
    declaredChecksums: checksumsFromMetadata(metadata),
  });
  context.sessions.set(id, session);
  const location = `${exchange.baseUrl}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`;
  sendEmpty(exchange.res, 200, { location, 'x-guploader-uploadid': id });
}

function sessionFor(context: EmulatorContext, exchange: Exchange, bucket: string): ResumableSession {
  const id = exchange.query.get('upload_id') ?? '';
  const session = context.sessions.get(id);
  if (session === undefined || session.init.bucket !== bucket) {
    throw ApiError.notFound(`No such upload session: ${id}`);
  }
  return session;
}

/** PUT (or POST) of a chunk or a status probe to a session URI. */
export async function handleSessionRequest(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
): Promise<void> {
  const session = sessionFor(context, exchange, bucket);
  const range = parseContentRange(header(exchange, 'content-range'));
  const headerChecksums = checksumsFromHashHeader(header(exchange, 'x-goog-hash'));
  const outcome = await session.serialize(async () => {
    session.current = exchange.req;
    try {
      return await session.handle(range, exchange.req, headerChecksums);
    } finally {
      session.current = undefined;
    }
  });
  if (outcome.kind === 'complete') {
    sendResource(exchange, 200, objectResource(outcome.record, exchange.baseUrl));
    return;
  }
  const headers: Record<string, string> = { 'x-guploader-uploadid': session.init.id };
  if (outcome.received > 0) headers.range = `bytes=0-${outcome.received - 1}`;
  sendEmpty(exchange.res, 308, headers);
}

/** DELETE of a session URI cancels the upload; the service answers 499. */
export async function handleSessionCancel(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
): Promise<void> {
  const session = sessionFor(context, exchange, bucket);
  // As on the real service, a cancel does not wait for a chunk still arriving: that request is
  // cut off (a client that abandoned its upload may never finish sending it).
  session.current?.destroy();
  await session.serialize(() => session.cancel());
  context.sessions.delete(session.init.id);
  exchange.res.statusMessage = 'Client Closed Request';
  sendEmpty(exchange.res, 499);
}
