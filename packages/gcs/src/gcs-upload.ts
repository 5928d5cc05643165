// put() on GCS. Bodies already in memory go in one multipart request; streams and iterables go
// through a resumable upload, which the SDK streams in one request without holding the body, so
// memory stays constant whatever the size (unsized streams included). An object becomes visible
// only when its upload completes, so a failed source leaves nothing at the key; the adapter then
// cancels the resumable session (a DELETE on its URI, as the SDK's own cancel does) so no
// incomplete upload is left behind, and rethrows the source's own error unchanged.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { File } from '@google-cloud/storage';
import { bodyChunks, type ObjectBody, PreconditionFailedError, type ResolvedPutOptions } from '@stowage/core';
import { mapGcsError, sanitized, statusOf } from './gcs-errors.ts';
import type { GcsObjectResource } from './gcs-object-info.ts';

/** Cancels a resumable session; the service answers 499. Best effort: sessions also expire. */
async function cancelSession(uri: string): Promise<void> {
  try {
    await fetch(uri, { method: 'DELETE', headers: { 'content-length': '0' } });
  } catch {
    // The upload failed anyway; an uncancelled session expires on its own after a week.
  }
}

/** Resolves when the SDK reports the upload complete ('finish'), rejects on its first error. */
function completion(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
}

export async function uploadObject(
  file: File,
  key: string,
  body: ObjectBody,
  options: ResolvedPutOptions,
): Promise<GcsObjectResource> {
  const inMemory = typeof body === 'string' || body instanceof Uint8Array;
  const metadata: Record<string, unknown> = { contentType: options.contentType, metadata: options.metadata };
  if (options.cacheControl !== undefined) metadata.cacheControl = options.cacheControl;
  const stream = file.createWriteStream({
    resumable: !inMemory,
    metadata,
    // The SDK compares the CRC32C of what it sent with the service's, and deletes the object on a mismatch.
    validation: 'crc32c',
    ...(options.ifNotExists ? { preconditionOpts: { ifGenerationMatch: 0 } } : {}),
  });
  let sessionUri: string | undefined;
  stream.on('uri', (uri: string) => {
    sessionUri = uri;
  });
  const done = completion(stream);
  // Written by hand rather than with stream.pipeline(): after a source error the SDK's stream
  // never closes, and pipeline() would wait for it forever.
  const chunks = bodyChunks(body);
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (sourceError) {
        stream.on('error', () => {}); // late errors of the abandoned upload
        stream.destroy();
        done.catch(() => {});
        if (sessionUri) await cancelSession(sessionUri);
        throw new SourceFailure(sourceError);
      }
      if (next.done) break;
      // Backpressure: wait for the SDK to take the chunk, or for the upload to fail.
      if (!stream.write(next.value)) await Promise.race([once(stream, 'drain'), done]);
    }
    stream.end();
    await done;
  } catch (error) {
    if (error instanceof SourceFailure) throw error.original;
    await chunks.return(undefined);
    if (sessionUri) await cancelSession(sessionUri);
    if (options.ifNotExists && statusOf(error) === 412)
      throw PreconditionFailedError.alreadyExists(key, { cause: sanitized(error) });
    throw mapGcsError(error, 'put', key);
  }
  return file.metadata as GcsObjectResource;
}

/** Marks the caller's own source error, which is rethrown as it was. */
class SourceFailure {
  readonly original: unknown;
  constructor(original: unknown) {
    this.original = original;
  }
}
