// Tells a body's own failure from the store's: the store gets a pass-through fed by the body, so
// a store that gives up destroys only the pass-through, and an error seen on the body itself is
// the body's (the dump's), to be reported as such rather than as a store failure.
import { PassThrough, type Readable } from 'node:stream';

export interface TappedSource {
  body: Readable;
  /** The body's own error, once it failed. */
  readonly failure: unknown;
}

export function tapSource(source: Readable): TappedSource {
  const body = new PassThrough();
  const tapped = { body, failure: undefined as unknown };
  source.on('error', (error) => {
    tapped.failure ??= error;
    body.destroy(error);
  });
  // A store that failed before reading (an unwritable folder) no longer listens to the body.
  body.on('error', () => {});
  source.pipe(body);
  return tapped;
}
