// abortWait: the signal as a promise for races, rejecting with the put's AbortedError.

import { describe, expect, it } from 'vitest';
import { isStowageError } from '../../errors/stowage-error.ts';
import { abortWait } from './abort-wait.ts';

describe('abortWait', () => {
  it('rejects with AbortedError for the key, the reason as cause, when the signal fires later or has fired', async () => {
    const controller = new AbortController();
    const later = abortWait(controller.signal, 'a/b');
    const reason = new Error('stop');
    controller.abort(reason);
    const error = await later.promise.catch((caught: unknown) => caught);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    expect((error as Error).cause).toBe(reason);
    expect((error as Error).message).toContain('"a/b"');
    const already = await abortWait(AbortSignal.abort(reason), 'k').promise.catch(
      (caught: unknown) => caught,
    );
    expect(isStowageError(already, 'ABORTED')).toBe(true);
  });

  it('never settles without a signal, and stops listening once disposed', async () => {
    const none = abortWait(undefined, 'k');
    const outcome = await Promise.race([none.promise.then(() => 'settled'), Promise.resolve('pending')]);
    expect(outcome).toBe('pending');
    const controller = new AbortController();
    let settled = false;
    const wait = abortWait(controller.signal, 'k');
    wait.promise.catch(() => {
      settled = true;
    });
    wait.dispose();
    controller.abort();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
  });
});
