// collectTraces() and recordTraces() over real traced calls (traced(), and the memory cache on
// `stowage:cache` by name): start, end and error copied as each event found them, without Node's
// `result`; unsubscribed once `run` settles, even when it throws; recordTraces until stop().
import { tracingChannel } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../cache/memory-cache.ts';
import { collectTraces, recordTraces } from './collect-traces.ts';
import { traced } from './traced.ts';

interface JobContext {
  readonly operation: string;
  /** Filled in when it returns. */
  rows?: number;
}

const channel = tracingChannel<unknown, JobContext>('stowage-test:collect-traces');

/** A traced call that fills `rows` before it resolves with `value`, or rejects with `error`. */
function job(operation: string, outcome: { value: unknown } | { error: unknown }) {
  return traced(
    channel,
    (): JobContext => ({ operation }),
    async (context) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if ('error' in outcome) throw outcome.error;
      if (context) context.rows = 3;
      return outcome.value;
    },
  );
}

describe('collectTraces', () => {
  it("records each call's start, end and error, as each event found the context", async () => {
    const refused = new Error('refused');
    const traces = await collectTraces(channel, async () => {
      await expect(job('read', { value: 'rows' })).resolves.toBe('rows');
      await expect(job('write', { error: refused })).rejects.toBe(refused);
    });
    // Copied at start: `rows`, set later, is not in it.
    expect(traces.started).toEqual([{ operation: 'read' }, { operation: 'write' }]);
    expect(traces.ended).toEqual([
      { operation: 'read', rows: 3 },
      { operation: 'write', error: refused },
    ]);
    expect(traces.failed).toEqual([{ operation: 'write', error: refused }]);
    expect(traces.failed[0]?.error).toBe(refused);
    expect(channel.hasSubscribers).toBe(false);
  });

  it('copies without Node’s `result`, the value the call resolved with', async () => {
    const seen: unknown[] = [];
    const onEnd = (context: unknown) => seen.push((context as { result?: unknown }).result);
    channel.asyncEnd.subscribe(onEnd);
    try {
      const traces = await collectTraces(channel, () => job('read', { value: { secret: 'stored value' } }));
      // Node did put it in the context.
      expect(seen).toEqual([{ secret: 'stored value' }]);
      expect(traces.ended).toEqual([{ operation: 'read', rows: 3 }]);
      expect(traces.ended[0]).not.toHaveProperty('result');
    } finally {
      channel.asyncEnd.unsubscribe(onEnd);
    }
  });

  it('unsubscribes when `run` throws or rejects, and rethrows its error', async () => {
    const boom = new Error('boom');
    await expect(
      collectTraces(channel, async () => {
        await job('read', { value: 1 });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(channel.hasSubscribers).toBe(false);
    await expect(
      collectTraces(channel, () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(channel.hasSubscribers).toBe(false);
  });

  it("subscribes to a Stowage channel by name, typed as that channel's context", async () => {
    const cache = createMemoryCache({ namespace: 'app' });
    const { started, ended, failed } = await collectTraces('stowage:cache', async () => {
      await cache.set('k', 1);
      await cache.get('k');
    });
    expect(started.map((context) => context.operation)).toEqual(['set', 'get']);
    expect(ended.map((context) => [context.backend, context.operation, context.outcome])).toEqual([
      ['memory', 'set', undefined],
      ['memory', 'get', 'hit'],
    ]);
    expect(failed).toEqual([]);
    expect(tracingChannel('stowage:cache').hasSubscribers).toBe(false);
  });
});

describe('recordTraces', () => {
  it('records until stop(), and nothing after; stop() twice is harmless', async () => {
    const recording = recordTraces(channel);
    try {
      expect(channel.hasSubscribers).toBe(true);
      await job('first', { value: 1 });
      expect(recording.ended).toEqual([{ operation: 'first', rows: 3 }]);
      await job('second', { value: 2 });
    } finally {
      recording.stop();
    }
    recording.stop();
    expect(channel.hasSubscribers).toBe(false);
    await job('after', { value: 3 });
    expect(recording.started.map((context) => context.operation)).toEqual(['first', 'second']);
    expect(recording.ended.map((context) => context.operation)).toEqual(['first', 'second']);
    expect(recording.failed).toEqual([]);
  });

  it("stop() leaves other subscribers' subscriptions alone", async () => {
    const outer = recordTraces(channel);
    try {
      const inner = await collectTraces(channel, () => job('both', { value: 1 }));
      expect(channel.hasSubscribers).toBe(true);
      await job('outer only', { value: 2 });
      expect(inner.ended.map((context) => context.operation)).toEqual(['both']);
      expect(outer.ended.map((context) => context.operation)).toEqual(['both', 'outer only']);
    } finally {
      outer.stop();
    }
  });
});
