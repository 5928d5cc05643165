// A multipart body is uploaded under a key of its own, then placed at its key in one server-side
// step that also writes its attributes and MD5 (known only once the last part is read). So body,
// metadata, content type and checksum always come from the same writer, whatever the server does
// with copy conditions (Ceph RGW 16.2 ignores them all), and a concurrent writer's object is
// never stamped with our MD5. Only a crash between the two steps leaves a staged object behind:
// a lifecycle rule expiring UPLOAD_STAGING_PREFIX after a day removes those.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@stowage/core';
import type { ResolvedPutOptions } from '@stowage/core/adapter';
import { encodeKeyPath } from './key-path.ts';
import { MultipartUpload, type UploadedPart } from './multipart-upload.ts';
import { attributeHeaders } from './object-headers.ts';
import { discard, readText, type S3Connection } from './s3-connection.ts';
import { throwIfErrorDocument } from './s3-xml.ts';

export const UPLOAD_STAGING_PREFIX = '.stowage-uploads/';

/** CopyObject's and UploadPartCopy's limit per request. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;

export function stagingKey(): string {
  return `${UPLOAD_STAGING_PREFIX}${randomUUID()}`;
}

export interface Placement {
  connection: S3Connection;
  logger: Logger | undefined;
  staged: string;
  key: string;
  put: ResolvedPutOptions;
  md5: string;
  size: number;
}

function copySource(connection: S3Connection, key: string): string {
  return `/${connection.options.bucket}/${encodeKeyPath(key)}`;
}

/**
 * Places the staged object at its key with the put's attributes and MD5. A plain put is one
 * CopyObject; create-only (and bodies over 5 GiB) is a multipart copy whose completion carries
 * If-None-Match, the one conditional step S3 servers enforce for large objects.
 */
export async function placeStaged(placement: Placement): Promise<void> {
  const { connection, staged, key, put, md5, size } = placement;
  const headers = attributeHeaders(put, md5);
  if (!put.ifNotExists && size <= MAX_COPY_BYTES) {
    headers['x-amz-copy-source'] = copySource(connection, staged);
    headers['x-amz-metadata-directive'] = 'REPLACE';
    const res = await connection.send({ method: 'PUT', key, headers }, '', [200]);
    throwIfErrorDocument(await readText(res));
    return;
  }
  const upload = await MultipartUpload.start(connection, key, headers, placement.logger);
  try {
    const count = Math.max(1, Math.ceil(size / MAX_COPY_BYTES));
    const step = Math.ceil(size / count);
    const parts: UploadedPart[] = [];
    for (let i = 0, start = 0; i < count; i++, start += step) {
      const end = Math.min(size, start + step) - 1;
      const partHeaders: Record<string, string> = { 'x-amz-copy-source': copySource(connection, staged) };
      if (count > 1) partHeaders['x-amz-copy-source-range'] = `bytes=${start}-${end}`;
      parts.push(await upload.sendPart(i + 1, '', partHeaders));
    }
    await upload.complete(parts, put.ifNotExists);
  } catch (error) {
    await upload.abort();
    throw error;
  }
}

/** Removes a staged object; a failure is logged (the put's own outcome stands). */
export async function removeStaged(connection: S3Connection, logger: Logger | undefined, staged: string) {
  try {
    discard(await connection.send({ method: 'DELETE', key: staged }, '', [200, 204]));
  } catch (error) {
    logger?.warn(
      `minio: could not remove a staged upload; a lifecycle rule on ${UPLOAD_STAGING_PREFIX} will`,
      {
        key: staged,
        error: error instanceof Error ? error.message : String(error),
      },
    );
  }
}
