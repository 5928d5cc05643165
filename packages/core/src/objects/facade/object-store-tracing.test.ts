// The facade's traces on `stowage:objects`: one per call that reaches the backend, with the
// store, the operation, the key and what the call moved (bytes, objects); a failure's error is
// the typed error the caller gets; a call refused before any I/O is not traced; nothing is
// published once the subscriber is gone.
import type { TracingChannelSubscribers } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { objectsChannel } from '../../diagnostics/diagnostic-channels.ts';
import type { ObjectOperationContext } from '../../diagnostics/diagnostic-contexts.ts';
import { isStowageError } from '../../errors/stowage-error.ts';
import { createMemoryObjectStore } from '../memory/memory-object-store.ts';

type Event = [kind: 'start' | 'end' | 'error', context: ObjectOperationContext & { error?: unknown }];

let unsubscribe: (() => void) | undefined;

/** Records the channel's events until the test ends. */
function record(): Event[] {
  const events: Event[] = [];
  const subscribers: TracingChannelSubscribers<ObjectOperationContext> = {
    start: (context) => events.push(['start', { ...context }]),
    end: () => {},
    asyncStart: () => {},
    asyncEnd: (context) => events.push(['end', { ...context }]),
    error: (context) => events.push(['error', { ...context }]),
  };
  objectsChannel.subscribe(subscribers);
  unsubscribe = () => objectsChannel.unsubscribe(subscribers);
  return events;
}

afterEach(() => {
  unsubscribe?.();
  unsubscribe = undefined;
});

describe('object-store traces (stowage:objects)', () => {
  it('traces each call with the store, operation, key and the bytes or objects it moved', async () => {
    const store = createMemoryObjectStore();
    const events = record();
    await store.put('a/one.txt', Buffer.from('hello'));
    await store.put('a/two.txt', Buffer.from('hi'));
    expect((await store.getBytes('a/one.txt')).toString()).toBe('hello');
    await store.get('a/two.txt');
    await store.list({ prefix: 'a/' });
    expect(await store.deletePrefix('a/')).toBe(2);
    const ends = events.filter(([kind]) => kind === 'end').map(([, context]) => context);
    expect(ends.map((c) => [c.operation, c.key, c.bytes, c.objects])).toEqual([
      ['put', 'a/one.txt', 5, undefined],
      ['put', 'a/two.txt', 2, undefined],
      ['getBytes', 'a/one.txt', 5, undefined],
      ['get', 'a/two.txt', 2, undefined],
      ['list', undefined, undefined, 2],
      ['deletePrefix', undefined, undefined, 2],
    ]);
    expect(new Set(ends.map((c) => c.store))).toEqual(new Set([store.backend]));
    // Every trace that ended had started.
    expect(events.filter(([kind]) => kind === 'start')).toHaveLength(ends.length);
  });

  it("a failure's error event carries the typed error the caller gets", async () => {
    const store = createMemoryObjectStore();
    const events = record();
    const caught = await store.stat('missing.txt').catch((error: unknown) => error);
    expect(isStowageError(caught, 'NOT_FOUND')).toBe(true);
    const failed = events.filter(([kind]) => kind === 'error').map(([, context]) => context);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.operation).toBe('stat');
    expect(failed[0]?.error).toBe(caught);
    // exists() answers false for the same object: no error to report.
    expect(await store.exists('missing.txt')).toBe(false);
    expect(events.filter(([kind]) => kind === 'error')).toHaveLength(1);
  });

  it('does not trace a call refused before any I/O, and publishes nothing after unsubscribe', async () => {
    const store = createMemoryObjectStore();
    const events = record();
    const refused = await store.put('../escape', Buffer.from('x')).catch((error: unknown) => error);
    expect(isStowageError(refused, 'INVALID_KEY')).toBe(true);
    expect(events).toEqual([]);
    unsubscribe?.();
    unsubscribe = undefined;
    expect(objectsChannel.hasSubscribers).toBe(false);
    await store.put('b.txt', Buffer.from('x'));
    expect(events).toEqual([]);
  });
});
