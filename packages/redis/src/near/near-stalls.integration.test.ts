// A reader process whose event loop stalls (busy-wait) while another process writes.
// The reader holds `k` = 1 in its near layer; during its stall a writer sets `k` = 2 and notes
// when that set returned; right after the stall the reader reads `k` before its event loop took
// in anything. Reading 1 after the set of 2 returned is a stale read.
// The writer's barrier must wait the stalled member out (its registered lease) — which only works
// if the writer finds the reader among the members and the members' set survives.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from '@redis/client';
import type { Cache } from '@stowage/core';
import { ownRedisServer, raceClock, silentLogger, testServerUrls } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../index.ts';

const worker = join(import.meta.dirname, 'near-stall-worker.test-support.ts');
const sharedUrl = testServerUrls.redis;
const admin = createClient({ url: sharedUrl });
beforeAll(async () => {
  await admin.connect();
});
afterAll(async () => {
  admin.destroy();
});

interface Outcome {
  /** When the stalled reader's read started (raceClock µs). */
  started: number;
  value: unknown;
  /** When the writer's set returned (raceClock µs). */
  returned: number;
  near: { hits: number; purges: number };
  /** The reader's close() resolved. */
  closed: boolean;
}

/**
 * Starts the stalled reader on `namespace` (its view `child`, or '-' for none), and once it
 * stalls runs `during`, which returns when its write returned.
 */
async function stalledReader(
  url: string,
  namespace: string,
  child: string,
  stallMs: number,
  during: () => Promise<number>,
  exit = 'close',
): Promise<Outcome> {
  const proc = spawn(process.execPath, [worker, url, namespace, child, 'k', String(stallMs), exit], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const lines = createInterface({ input: proc.stdout });
  let returned = Number.NaN;
  let pending: Promise<void> | undefined;
  let result: Omit<Outcome, 'returned' | 'closed'> | undefined;
  let closed = false;
  for await (const line of lines) {
    if (line.startsWith('stalling ')) {
      pending = during().then((at) => {
        returned = at;
      });
    } else if (line === 'closed') closed = true;
    else result = JSON.parse(line) as Omit<Outcome, 'returned' | 'closed'>;
  }
  await pending;
  await exited;
  if (!result) throw new Error('the stalled reader printed no result');
  return { ...result, returned, closed };
}

const isStale = (outcome: Outcome) => outcome.value === 1 && outcome.started > outcome.returned;
const describeOutcome = (outcome: Outcome) =>
  `read v${String(outcome.value)} ${((outcome.started - outcome.returned) / 1000).toFixed(1)} ms after the set of v2 returned`;

async function cleanup(url: string, namespace: string) {
  const client = url === sharedUrl ? admin : createClient({ url });
  if (client !== admin) await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 100 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
  if (client !== admin) client.destroy();
}

async function writerCache(url: string, namespace: string, near = true): Promise<Cache> {
  return createRedisCache({
    url,
    namespace,
    logger: silentLogger,
    timeoutMs: 5_000,
    ...(near ? { near: {} } : {}),
  });
}

describe('near cache: a reader whose event loop stalls', () => {
  it('stalled 300 ms (within its lease): the writer waits it out, no stale read', {
    timeout: 20_000,
  }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, namespace);
    try {
      await writer.set('k', 1);
      const outcome = await stalledReader(sharedUrl, namespace, '-', 300, async () => {
        await writer.set('k', 2);
        return raceClock();
      });
      expect(isStale(outcome), describeOutcome(outcome)).toBe(false);
      // It really served from memory after the stall: the writer had to wait until then.
      expect(outcome.value).toBe(1);
      expect(outcome.returned).toBeGreaterThan(outcome.started);
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
    }
  });

  it('stalled 1 s (past its lease): it reads from Redis, no stale read', { timeout: 20_000 }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, namespace);
    try {
      await writer.set('k', 1);
      const outcome = await stalledReader(sharedUrl, namespace, '-', 1_000, async () => {
        await writer.set('k', 2);
        return raceClock();
      });
      expect(outcome.value).toBe(2);
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
    }
  });

  // The members' set is an ordinary key: FLUSHALL/FLUSHDB, an eviction or an operator's DEL can
  // remove it. A set younger than a lease makes barriers wait a whole lease (found by this test).
  it('FLUSHALL during the stall, then a set: no stale read', { timeout: 20_000 }, async () => {
    const server = await ownRedisServer();
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(server.url, namespace);
    const flusher = createClient({ url: server.url });
    await flusher.connect();
    try {
      await writer.set('k', 1);
      const outcome = await stalledReader(server.url, namespace, '-', 300, async () => {
        await flusher.flushAll();
        await writer.set('k', 2);
        return raceClock();
      });
      expect(isStale(outcome), describeOutcome(outcome)).toBe(false);
    } finally {
      flusher.destroy();
      await writer.close();
      await server.stop();
    }
  });

  it('the members key evicted/deleted during the stall, then a set: no stale read', {
    timeout: 20_000,
  }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, namespace);
    try {
      await writer.set('k', 1);
      const outcome = await stalledReader(sharedUrl, namespace, '-', 300, async () => {
        await admin.del(`stowage-near:members:${namespace}:`);
        await writer.set('k', 2);
        return raceClock();
      });
      expect(isStale(outcome), describeOutcome(outcome)).toBe(false);
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
      await admin.del(`stowage-near:members:${namespace}:`);
    }
  });

  // Redis tracks by key prefix (a parent's writes reach a child's tracker): members and barriers
  // are per root namespace, so a writer on "app" waits for a reader opened on "app:child", and the
  // other way round (they were per exact namespace when this test found it).
  it('reader opened on "<ns>:child", writer on "<ns>" writing through withNamespace("child")', {
    timeout: 20_000,
  }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, namespace);
    try {
      await writer.withNamespace('child').set('k', 1);
      const outcome = await stalledReader(sharedUrl, `${namespace}:child`, '-', 300, async () => {
        await writer.withNamespace('child').set('k', 2);
        return raceClock();
      });
      expect(isStale(outcome), describeOutcome(outcome)).toBe(false);
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
    }
  });

  it('reader on "<ns>" reading withNamespace("child"), writer opened on "<ns>:child"', {
    timeout: 20_000,
  }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, `${namespace}:child`);
    try {
      await writer.set('k', 1);
      const outcome = await stalledReader(sharedUrl, namespace, 'child', 300, async () => {
        await writer.set('k', 2);
        return raceClock();
      });
      expect(isStale(outcome), describeOutcome(outcome)).toBe(false);
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
    }
  });

  it('a reader that exits without close(): writes wait at most its lease, then not at all', {
    timeout: 20_000,
  }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, namespace);
    try {
      await writer.set('k', 1);
      await stalledReader(sharedUrl, namespace, '-', 0, async () => raceClock(), 'abrupt');
      const timed = async () => {
        const at = performance.now();
        await writer.set('k', Math.random());
        return performance.now() - at;
      };
      expect(await timed()).toBeLessThan(800); // waits out the dead member's lease (500 ms)
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await timed()).toBeLessThan(100); // lapsed: dropped from the members
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
    }
  });

  it('its tracking connection killed during the stall, then a set: the writer waits it out', {
    timeout: 20_000,
  }, async () => {
    const namespace = `stowage-near-test:${randomUUID()}`;
    const writer = await writerCache(sharedUrl, namespace);
    try {
      await writer.set('k', 1);
      const outcome = await stalledReader(sharedUrl, namespace, '-', 300, async () => {
        const list = await admin.clientList();
        for (const client of list.filter((c) => c.name === `stowage-near:${namespace}:`)) {
          // the writer's own too: its barrier then cannot ack itself either
          await admin.sendCommand(['CLIENT', 'KILL', 'ID', String(client.id)]);
        }
        await writer.set('k', 2);
        return raceClock();
      });
      expect(isStale(outcome), describeOutcome(outcome)).toBe(false);
      // close() once rejected (ClientClosedError) when the dead connection was not yet noticed.
      expect(outcome.closed, "the reader's close() threw").toBe(true);
    } finally {
      await writer.close();
      await cleanup(sharedUrl, namespace);
    }
  });
});
