// Whether the server enforces If-None-Match: * on CompleteMultipartUpload (AWS S3 and MinIO do;
// Ceph RGW 16.2 ignores it). Create-only puts of multipart bodies rely on it, so a store that was
// not told asks the server once, by trying: a one-part upload completed onto an object that
// exists must be refused with 412. The probe writes and removes two small staged objects.

import type { Logger } from '@stowage/core';
import { MultipartUpload } from './multipart-upload.ts';
import { discard, type S3Connection } from './s3-connection.ts';
import { s3Code } from './s3-errors.ts';
import { removeStaged, stagingKey } from './upload-staging.ts';

async function probe(connection: S3Connection, logger: Logger | undefined): Promise<boolean> {
  const key = stagingKey();
  try {
    discard(await connection.send({ method: 'PUT', key }, 'taken', [200]));
    const upload = await MultipartUpload.start(connection, key, {}, logger);
    try {
      const part = await upload.sendPart(1, Buffer.from('probe'), {});
      await upload.complete([part], true);
      return false;
    } catch (error) {
      await upload.abort();
      if (s3Code(error) === 'PreconditionFailed') return true;
      throw error;
    }
  } finally {
    await removeStaged(connection, logger, key);
  }
}

/** The answer for this store: `configured` when given, else probed once (a failed probe is retried). */
export function conditionalCompletes(
  connection: S3Connection,
  logger: Logger | undefined,
  configured: boolean | undefined,
): () => Promise<boolean> {
  let known: Promise<boolean> | undefined =
    configured === undefined ? undefined : Promise.resolve(configured);
  return () => {
    known ??= probe(connection, logger).catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}
