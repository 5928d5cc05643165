// Four processes racing every kind of write (set, setMany, delete, invalidate,
// invalidateTags) against get and getMany (held and missing keys mixed, in a namespace and its
// child view), also while the tracking connections are killed and Redis is paused. No read may
// return a version older than a write that had returned, nor nothing where no removal could
// explain it.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@redis/client';
import { ownRedisServer, testServerUrls } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const worker = join(import.meta.dirname, 'near-writes-worker.test-support.ts');
const url = testServerUrls.redis;
const admin = createClient({ url });
beforeAll(async () => {
  await admin.connect();
});
afterAll(async () => {
  admin.destroy();
});

interface MixedLog {
  writes: [number, number, number, number][];
  reads: [number, number, number][];
}
interface Report {
  near: { hits: number; invalidations: number; purges: number };
  reads: number;
  writes: number;
}

/** Reads older than a returned write; a miss is fine only where a removal (returned or not) explains it. */
function staleMixed(logs: readonly MixedLog[]): string[] {
  const byKey = new Map<number, [number, number, number][]>(); // [at, version, removed]
  for (const log of logs) {
    for (const [key, version, at, removed] of log.writes) {
      const list = byKey.get(key) ?? [];
      list.push([at, version, removed]);
      byKey.set(key, list);
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => a[0] - b[0]);
  const stale: string[] = [];
  for (const log of logs) {
    for (const [key, started, seen] of log.reads) {
      const list = byKey.get(key) ?? [];
      let floor = -1;
      let floorRemoved = true;
      for (const [at, version, removed] of list) {
        if (at >= started) break;
        if (version > floor) {
          floor = version;
          floorRemoved = removed === 1;
        }
      }
      if (seen === -1) {
        const explained =
          floorRemoved || list.some(([, version, removed]) => removed === 1 && version > floor);
        if (!explained) stale.push(`key ${key}: read nothing after v${floor} (a set) had returned`);
      } else if (seen < floor) stale.push(`key ${key}: read v${seen} after v${floor} had returned`);
    }
  }
  return stale;
}

async function race(ms: number, during?: (namespace: string) => Promise<void>, target = url) {
  const namespace = `stowage-near-test:${randomUUID()}`;
  const dir = await mkdtemp(join(tmpdir(), 'stowage-near-test-'));
  const processes = 4;
  try {
    const startAt = Date.now() + 1_500;
    const logs = Array.from({ length: processes }, (_, i) => join(dir, `${i}.json`));
    const outputs = Promise.all(
      logs.map((log, i) =>
        run(process.execPath, [
          worker,
          target,
          namespace,
          log,
          String(i),
          String(processes),
          '12',
          String(ms),
          String(startAt),
        ]),
      ),
    );
    await Promise.all([outputs, during?.(namespace)]);
    const reports = (await outputs).map(
      ({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Report,
    );
    const parsed = await Promise.all(
      logs.map(async (log) => JSON.parse(await readFile(log, 'utf8')) as MixedLog),
    );
    return { reports, stale: staleMixed(parsed) };
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (target === url) {
      for await (const keys of admin.scanIterator({ MATCH: `${namespace}*`, COUNT: 100 })) {
        if (keys.length > 0) await admin.unlink(keys);
      }
    }
  }
}

const trackingClients = async (namespace: string, server = admin) =>
  (await server.clientList())
    .filter((client) => client.name === `stowage-near:${namespace}:`)
    .map((client) => String(client.id));

describe('near cache: every kind of write against get and getMany, 4 processes', () => {
  it('no stale read', { timeout: 30_000 }, async () => {
    const { reports, stale } = await race(3_000);
    expect(stale.slice(0, 5)).toEqual([]);
    for (const report of reports) {
      expect(report.near.hits).toBeGreaterThan(500);
      expect(report.near.invalidations).toBeGreaterThan(10);
    }
  });

  it('no stale read while tracking connections are killed and Redis is paused (own server)', {
    timeout: 30_000,
  }, async () => {
    // Its own server: a CLIENT PAUSE must not stall the other suites.
    const server = await ownRedisServer();
    const own = createClient({ url: server.url });
    await own.connect();
    let killed = 0;
    const { reports, stale } = await race(
      4_000,
      async (namespace) => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        for (const id of await trackingClients(namespace, own)) {
          await own.sendCommand(['CLIENT', 'KILL', 'ID', id]);
          killed += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 700));
        // Everything stops for 300 ms (the lease is 500 ms): writes and heartbeats wait.
        await own.sendCommand(['CLIENT', 'PAUSE', '300', 'ALL']);
        await new Promise((resolve) => setTimeout(resolve, 700));
        await own.sendCommand(['CLIENT', 'PAUSE', '300', 'WRITE']);
      },
      server.url,
    ).finally(async () => {
      own.destroy();
      await server.stop();
    });
    expect(killed).toBe(4);
    expect(stale.slice(0, 5)).toEqual([]);
    for (const report of reports) {
      expect(report.near.purges).toBeGreaterThanOrEqual(1);
      expect(report.near.hits).toBeGreaterThan(500);
    }
  });
});
