// Turns every accepted ObjectBody into one shape, an async iterable of Buffers, so stores stream
// any body in constant memory. Chunks may be views of the caller's memory: a store that keeps
// them must copy.

import type { ObjectBody } from '../contracts/object-store.ts';
import { ValidationError } from '../errors/error-classes.ts';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function notABody(what: string): ValidationError {
  return new ValidationError(`body must be a string, Uint8Array, Readable or async iterable; got ${what}`, [
    { path: 'body', message: `unsupported ${what}` },
  ]);
}

/** Throws ValidationError unless `body` is an ObjectBody; call before any I/O. */
export function assertObjectBody(body: unknown): asserts body is ObjectBody {
  if (typeof body === 'string' || body instanceof Uint8Array || isAsyncIterable(body)) return;
  throw notABody(body === null ? 'null' : typeof body);
}

function toBuffer(chunk: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw notABody(`a chunk of type ${chunk === null ? 'null' : typeof chunk}`);
}

/** The body's bytes, chunk by chunk. Errors of a stream or iterable propagate unchanged. */
export async function* bodyChunks(body: ObjectBody): AsyncGenerator<Buffer> {
  assertObjectBody(body);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    yield toBuffer(body);
    return;
  }
  for await (const chunk of body) {
    const buffer = toBuffer(chunk);
    if (buffer.length > 0) yield buffer;
  }
}
