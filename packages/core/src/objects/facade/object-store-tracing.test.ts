// The facade's traces on `stowage:objects`: one per call that reaches the backend, with the
// store, the operation, the key and what the call moved (bytes, objects); a failure's error is
// the typed error the caller gets; a call refused before any I/O is not traced; nothing is
// published once the subscriber is gone.
import { afterEach, describe, expect, it } from 'vitest';
import { recordTraces, type TraceRecording } from '../../diagnostics/collect-traces.ts';
import { objectsChannel } from '../../diagnostics/diagnostic-channels.ts';
import type { ObjectOperationContext } from '../../diagnostics/diagnostic-contexts.ts';
import { isStowageError } from '../../errors/stowage-error.ts';
import { createMemoryObjectStore } from '../memory/memory-object-store.ts';

let recording: TraceRecording<ObjectOperationContext> | undefined;

/** Records the channel's events until the test ends. */
function record(): TraceRecording<ObjectOperationContext> {
  recording = recordTraces(objectsChannel);
  return recording;
}

afterEach(() => {
  recording?.stop();
  recording = undefined;
});

describe('object-store traces (stowage:objects)', () => {
  it('traces each call with the store, operation, key and the bytes or objects it moved', async () => {
    const store = createMemoryObjectStore();
    const { started, ended } = record();
    await store.put('a/one.txt', Buffer.from('hello'));
    await store.put('a/two.txt', Buffer.from('hi'));
    expect((await store.getBytes('a/one.txt')).toString()).toBe('hello');
    await store.get('a/two.txt');
    await store.list({ prefix: 'a/' });
    expect(await store.deletePrefix('a/')).toBe(2);
    expect(ended.map((c) => [c.operation, c.key, c.bytes, c.objects])).toEqual([
      ['put', 'a/one.txt', 5, undefined],
      ['put', 'a/two.txt', 2, undefined],
      ['getBytes', 'a/one.txt', 5, undefined],
      ['get', 'a/two.txt', 2, undefined],
      ['list', undefined, undefined, 2],
      ['deletePrefix', undefined, undefined, 2],
    ]);
    expect(new Set(ended.map((c) => c.store))).toEqual(new Set([store.backend]));
    // Every trace that ended had started.
    expect(started).toHaveLength(ended.length);
  });

  it("a failure's error event carries the typed error the caller gets", async () => {
    const store = createMemoryObjectStore();
    const { failed } = record();
    const caught = await store.stat('missing.txt').catch((error: unknown) => error);
    expect(isStowageError(caught, 'NOT_FOUND')).toBe(true);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.operation).toBe('stat');
    expect(failed[0]?.error).toBe(caught);
    // exists() answers false for the same object: no error to report.
    expect(await store.exists('missing.txt')).toBe(false);
    expect(failed).toHaveLength(1);
  });

  it('does not trace a call refused before any I/O, and publishes nothing after unsubscribe', async () => {
    const store = createMemoryObjectStore();
    const { started, ended, failed, stop } = record();
    const refused = await store.put('../escape', Buffer.from('x')).catch((error: unknown) => error);
    expect(isStowageError(refused, 'INVALID_KEY')).toBe(true);
    expect([started, ended, failed]).toEqual([[], [], []]);
    stop();
    expect(objectsChannel.hasSubscribers).toBe(false);
    await store.put('b.txt', Buffer.from('x'));
    expect([started, ended, failed]).toEqual([[], [], []]);
  });
});
