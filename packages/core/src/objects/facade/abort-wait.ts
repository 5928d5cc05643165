// A put's AbortSignal as one promise for the whole put, to race against the waits it cannot
// interrupt by itself (the source's next chunk, an SDK's drain or session creation).
import { AbortedError } from '../../errors/error-classes.ts';

export interface AbortWait {
  /** Rejects with AbortedError for the key once the signal fires; never settles otherwise. */
  readonly promise: Promise<never>;
  /** Removes the signal listener; call when the put settles. */
  dispose(): void;
}

export function abortWait(signal: AbortSignal | undefined, key: string): AbortWait {
  if (signal === undefined) return { promise: new Promise<never>(() => {}), dispose() {} };
  let onAbort: () => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(AbortedError.put(key, signal.reason));
  });
  // Nobody may be racing it when the signal fires.
  promise.catch(() => {});
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
