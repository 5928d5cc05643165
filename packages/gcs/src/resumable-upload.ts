// A streamed put: a resumable session the adapter opens itself (resumable-session.ts), then the
// SDK streams the body into it in one request, holding no more of it than a few chunks. The
// object appears only when that request ends, so whatever fails before — the source, the SDK,
// the network, the caller's AbortSignal — leaves nothing at the key, and the session is
// cancelled before put() rejects. A source's own error stays tagged (tagSourceErrors, in
// gcs-upload.ts), for the facade to rethrow unchanged.
//
// Abort: waits on the source and on the SDK's backpressure are raced against the signal, and the
// SDK's in-flight request is stopped (sdk-request-stop.ts). An abort while the session is being
// created waits for that one request, so the session it opens can be cancelled. Once the whole
// body has been handed to the SDK the service may already be storing it: an abort from then on
// does not stop the put, which settles as the upload does, so an AbortedError always means that
// nothing was written.
import { once } from 'node:events';
import type { File, FileMetadata } from '@google-cloud/storage';
import { isStowageError } from '@stowage/core';
import { abortWait, type ResolvedPutOptions, SourceFailure, throwIfAborted } from '@stowage/core/adapter';
import { mapPutError } from './gcs-errors.ts';
import type { GcsObjectResource } from './gcs-object-info.ts';
import { cancelSession, openSession } from './resumable-session.ts';
import { stopRequestsOn } from './sdk-request-stop.ts';
import { uploadCompletion } from './upload-completion.ts';

/**
 * Uploads `first` and the rest of `chunks` (a body of at least one byte) to `file`; `chunks`
 * tags the caller's own errors as SourceFailure.
 */
export async function resumableUpload(
  file: File,
  key: string,
  first: Buffer,
  chunks: AsyncGenerator<Buffer>,
  attributes: FileMetadata,
  options: ResolvedPutOptions,
): Promise<GcsObjectResource> {
  const preconditionOpts = options.ifNotExists ? { ifGenerationMatch: 0 } : undefined;
  let uri: string;
  try {
    // Not raced against the signal: a session being created can be cancelled only once its URI
    // is known, so an abort meanwhile waits for this one short request.
    uri = await openSession(file, attributes, preconditionOpts);
  } catch (error) {
    await chunks.return(undefined);
    throwIfAborted(options.signal, key);
    throw mapPutError(error, key, options.ifNotExists);
  }

  const stop = new AbortController();
  stopRequestsOn(file, stop.signal);
  const stream = file.createWriteStream({
    uri,
    // The session is new: without an offset the SDK would first ask the service for one.
    offset: 0,
    resumable: true,
    metadata: attributes,
    // The SDK compares the CRC32C of what it sent with the service's, and deletes the object on a mismatch.
    validation: 'crc32c',
    ...(preconditionOpts ? { preconditionOpts } : {}),
  });
  const done = uploadCompletion(stream);
  const aborted = abortWait(options.signal, key);
  try {
    throwIfAborted(options.signal, key);
    // Written by hand rather than with stream.pipeline(): after a source error the SDK's stream
    // never closes, and pipeline() would wait for it forever.
    for (let next: IteratorResult<Buffer> = { done: false, value: first }; !next.done; ) {
      // Backpressure: wait for the SDK to take the chunk, or for the upload to fail or be aborted.
      if (!stream.write(next.value)) await Promise.race([once(stream, 'drain'), done, aborted.promise]);
      next = await chunks.next();
    }
    stream.end();
    await done;
    return file.metadata as GcsObjectResource;
  } catch (error) {
    stop.abort();
    stream.on('error', () => {}); // late errors of the abandoned upload
    stream.destroy();
    await cancelSession(uri);
    if (error instanceof SourceFailure) throw error;
    await chunks.return(undefined);
    if (isStowageError(error, 'ABORTED')) throw error;
    throw mapPutError(error, key, options.ifNotExists);
  } finally {
    aborted.dispose();
  }
}
