// Turns every accepted ObjectBody into one shape, an async iterable of Buffers, so stores stream
// any body in constant memory. Chunks may be views of the caller's memory: a store that keeps
// them must copy.

import type { ObjectBody } from '../../contracts/object-store.ts';
import { AbortedError, ValidationError } from '../../errors/error-classes.ts';
import { abortWait } from './abort-wait.ts';

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

/** Throws AbortedError for `key` once `signal` has fired; stores call it between I/O steps. */
export function throwIfAborted(signal: AbortSignal | undefined, key: string): void {
  if (signal?.aborted) throw AbortedError.put(key, signal.reason);
}

export interface BodyReadOptions {
  /** Stops reading: the next chunk (or the one awaited) is an AbortedError naming `key`. */
  signal?: AbortSignal | undefined;
  key?: string;
}

/**
 * The body's bytes, chunk by chunk. Errors of a stream or iterable propagate unchanged; an abort
 * of `signal` ends the source (a Readable is destroyed) and throws AbortedError.
 */
export async function* bodyChunks(body: ObjectBody, options: BodyReadOptions = {}): AsyncGenerator<Buffer> {
  assertObjectBody(body);
  const { signal, key = '' } = options;
  throwIfAborted(signal, key);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    yield toBuffer(body);
    return;
  }
  const source = body[Symbol.asyncIterator]();
  // One listener for the whole body, not one per chunk.
  const aborted = signal ? abortWait(signal, key) : undefined;
  let finished = false;
  try {
    for (;;) {
      const next = source.next();
      // The source may still settle after an abort; nobody awaits it then.
      next.catch(() => {});
      const step = aborted ? await Promise.race([next, aborted.promise]) : await next;
      if (step.done) {
        finished = true;
        return;
      }
      const buffer = toBuffer(step.value);
      if (buffer.length > 0) yield buffer;
      throwIfAborted(signal, key);
    }
  } finally {
    aborted?.dispose();
    // Like for await: a source we stop reading (abort, error, consumer gone) is told so. After
    // an abort a next() may still be pending, which a generator's return() would wait for.
    if (!finished) {
      const done = Promise.resolve(source.return?.()).catch(() => {});
      if (signal?.aborted) (body as { destroy?: () => void }).destroy?.();
      else await done;
    }
  }
}
