// The outcome of an SDK write stream as a promise.
import type { Writable } from 'node:stream';

/** Resolves when the SDK reports the upload complete ('finish'), rejects on its first error. */
export function uploadCompletion(stream: Writable): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  // An upload given up on (source failure, abort) may still report an error nobody awaits.
  done.catch(() => {});
  return done;
}
