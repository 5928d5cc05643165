// A put's AbortSignal as a promise, to race against waits on the SDK (a drain, a session
// creation) that the signal cannot interrupt by itself.
import { AbortedError } from '@stowage/core';

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
