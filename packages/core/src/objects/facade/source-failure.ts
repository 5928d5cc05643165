// Errors of the caller's own body (a stream or iterable that fails, an abort while it is read)
// are the caller's to see exactly as thrown, never mapped like a backend failure. A backend tags
// them on their way through its I/O; objectStoreOver() hands the original back.

/** Wraps an error thrown by the caller's body so the facade can hand it back untouched. */
export class SourceFailure extends Error {
  readonly original: unknown;
  constructor(original: unknown) {
    super('the body source failed');
    this.original = original;
  }
}

/** Yields `source` unchanged, tagging anything it throws as the caller's own failure. */
export async function* tagSourceErrors<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (error) {
    throw new SourceFailure(error);
  }
}
