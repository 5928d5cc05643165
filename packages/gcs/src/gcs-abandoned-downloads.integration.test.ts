// Downloads destroyed by their reader mid-stream (8 MiB objects, destroyed after the first
// chunk) must not break anything after them: the next put, get and stat succeed, requests
// already in flight are not cut off, and the abandoned download's connection is closed rather
// than left holding a half-read response. Stores here do not retry (maxRetries: 0), so a reset
// connection cannot hide behind a retry.
import { randomBytes } from 'node:crypto';
import { globalAgent } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { readAll } from '@stowage/testkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useGcsEmulator } from './gcs-emulator.test-support.ts';

const emulator = useGcsEmulator();
const MIB = 1024 * 1024;
const BIG = 'downloads/big.bin';
const big = randomBytes(8 * MIB);

function firstChunk(body: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    body.once('data', () => resolve());
    body.once('error', reject);
  });
}

/** Starts a download of the 8 MiB object and destroys it after its first chunk. */
async function abandonDownload(store: ReturnType<typeof emulator.store>): Promise<void> {
  const { body } = await store.get(BIG);
  await firstChunk(body);
  body.destroy();
}

describe('abandoned downloads on GCS', () => {
  beforeAll(async () => {
    await emulator.store().put(BIG, big);
  });

  it('leave the next put, get and stat working, each called right after a download was destroyed', async () => {
    const store = emulator.store({ maxRetries: 0 });
    const next = [
      () => store.put('downloads/next.txt', 'after an abandoned download'),
      async () => expect(Buffer.compare(await store.getBytes(BIG), big)).toBe(0),
      async () => expect((await store.stat(BIG)).size).toBe(big.length),
    ];
    for (let round = 0; round < 5; round++) {
      await abandonDownload(store);
      // Called at once: the SDK's clean-up of the destroyed download is still to come.
      await next[round % next.length]?.();
    }
    for (const call of next) await call();
    expect((await store.getBytes('downloads/next.txt')).toString()).toBe('after an abandoned download');
  });

  it('do not cut off a streamed upload that is in flight meanwhile', async () => {
    const store = emulator.store({ maxRetries: 0 });
    const uploaded: Buffer[] = [];
    async function* slowly() {
      for (let i = 0; i < 16; i++) {
        const chunk = randomBytes(MIB);
        uploaded.push(chunk);
        yield chunk;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const put = store.put('downloads/in-flight.bin', slowly());
    for (let round = 0; round < 5; round++) await abandonDownload(store);
    await put;
    expect(Buffer.compare(await store.getBytes('downloads/in-flight.bin'), Buffer.concat(uploaded))).toBe(0);
  });

  it('close their connection instead of leaving a half-read response on it', async () => {
    const store = emulator.store({ maxRetries: 0 });
    const inUse = () => Object.values(globalAgent.sockets).flat() as Socket[];
    const { body } = await store.get(BIG);
    await firstChunk(body);
    // Downloads run on Node's global agent (not the SDK's shared pool, which the SDK destroys).
    const [socket] = inUse();
    expect(socket).toBeDefined();
    // The socket may have served earlier requests (keep-alive): count from here.
    const readBefore = socket?.bytesRead ?? 0;
    body.destroy();
    await vi.waitFor(() => expect(socket?.destroyed).toBe(true), { timeout: 2_000 });
    // Stopped early: the rest of the object was not read.
    expect((socket?.bytesRead ?? 0) - readBefore).toBeLessThan(big.length / 2);
    expect(await readAll((await store.get(BIG)).body)).toHaveLength(big.length);
  });
});
