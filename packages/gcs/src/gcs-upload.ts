// put() on GCS. Bodies already in memory (and empty streams) go in one multipart request;
// streams and iterables go through a resumable session (resumable-upload.ts), so memory stays
// constant whatever the size. An object becomes visible only when its upload completes, so a
// failed or aborted put leaves nothing at the key and the previous object, if any, unchanged.
//
// The first chunk is read before any request: a source that fails at once costs no session.
// A one-request upload is not interrupted by an abort once sent (the service may be storing it
// already); the signal is checked before it starts.
import type { File, FileMetadata } from '@google-cloud/storage';
import type { ObjectBody } from '@stowage/core';
import { bodyChunks, type ResolvedPutOptions, tagSourceErrors, throwIfAborted } from '@stowage/core/adapter';
import { mapPutError } from './gcs-errors.ts';
import type { GcsObjectResource } from './gcs-object-info.ts';
import { resumableUpload } from './resumable-upload.ts';
import { uploadCompletion } from './upload-completion.ts';

function attributesOf(options: ResolvedPutOptions): FileMetadata {
  const attributes: FileMetadata = { contentType: options.contentType, metadata: options.metadata };
  if (options.cacheControl !== undefined) attributes.cacheControl = options.cacheControl;
  return attributes;
}

async function uploadInOneRequest(
  file: File,
  key: string,
  data: string | Uint8Array,
  attributes: FileMetadata,
  options: ResolvedPutOptions,
): Promise<GcsObjectResource> {
  throwIfAborted(options.signal, key);
  const stream = file.createWriteStream({
    resumable: false,
    metadata: attributes,
    validation: 'crc32c',
    ...(options.ifNotExists ? { preconditionOpts: { ifGenerationMatch: 0 } } : {}),
  });
  const done = uploadCompletion(stream);
  stream.end(data);
  try {
    await done;
  } catch (error) {
    throw mapPutError(error, key, options.ifNotExists);
  }
  return file.metadata as GcsObjectResource;
}

export async function uploadObject(
  file: File,
  key: string,
  body: ObjectBody,
  options: ResolvedPutOptions,
): Promise<GcsObjectResource> {
  const attributes = attributesOf(options);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    return uploadInOneRequest(file, key, body, attributes, options);
  }
  // Errors of the caller's body (an abort included) are tagged: the facade rethrows them as they were.
  const chunks = tagSourceErrors(bodyChunks(body, { signal: options.signal, key }));
  // Nothing has been sent yet when the first chunk fails.
  const first = await chunks.next();
  if (first.done) return uploadInOneRequest(file, key, Buffer.alloc(0), attributes, options);
  return resumableUpload(file, key, first.value, chunks, attributes, options);
}
