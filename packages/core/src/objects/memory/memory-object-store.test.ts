// What the shared conformance suite does not pin down for the memory store: it owns the bytes it
// keeps (a source may reuse its buffer), a put holds the body once, and aborts leave the old object.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createMemoryObjectStore } from './memory-object-store.ts';

const MIB = 1024 * 1024;

/** Yields `count` chunks, all the same Buffer refilled with the chunk's number, as pooled readers do. */
async function* reusingSource(count: number, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < count; i++) {
    buffer.fill(i & 0xff);
    buffer.writeUInt32BE(i, 0);
    yield buffer;
  }
}

function expectedBody(count: number, size: number): Buffer {
  const body = Buffer.alloc(count * size);
  for (let i = 0; i < count; i++) {
    body.fill(i & 0xff, i * size, (i + 1) * size);
    body.writeUInt32BE(i, i * size);
  }
  return body;
}

/** A Readable that hands out `first` and then never another byte, like a stalled client. */
function stalledReadable(first: string): { body: Readable; wasRead: () => boolean } {
  let read = false;
  const body = new Readable({
    read() {
      if (read) return;
      read = true;
      this.push(first);
    },
  });
  return { body, wasRead: () => read };
}

describe('createMemoryObjectStore', () => {
  it('stores what a source sent even when it reuses one buffer for every chunk', async () => {
    const store = createMemoryObjectStore();
    const expected = expectedBody(40, 5000);
    const info = await store.put('k', reusingSource(40, 5000));
    expect((await store.getBytes('k')).equals(expected)).toBe(true);
    const md5 = createHash('md5').update(expected).digest('hex');
    expect(info).toMatchObject({ size: expected.length, checksums: { md5 } });
    expect((await store.stat('k')).checksums?.md5).toBe(md5);
  });

  it('reads ranges and streams across the blocks a large body is kept in', async () => {
    const store = createMemoryObjectStore();
    // Odd chunk sizes, so chunk edges and block edges (16 KiB, 32 KiB, ... 1 MiB) never line up.
    const expected = expectedBody(400, 7919);
    await store.put('big', reusingSource(400, 7919));
    const downloaded: Buffer[] = [];
    for await (const chunk of (await store.get('big')).body) downloaded.push(chunk as Buffer);
    expect(Buffer.concat(downloaded).equals(expected)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [16 * 1024 - 3, 16 * 1024 + 2],
      [1000, 3 * MIB - 1],
      [MIB - 1, MIB],
      [expected.length - 5, expected.length + 100],
    ] as const) {
      const want = expected.subarray(start, Math.min(end, expected.length - 1) + 1);
      expect((await store.getBytes('big', { range: { start, end } })).equals(want)).toBe(true);
      const chunks: Buffer[] = [];
      for await (const chunk of (await store.get('big', { range: { start, end } })).body)
        chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(want)).toBe(true);
    }
  });

  it('hands out copies: changing a download does not change the object', async () => {
    const store = createMemoryObjectStore();
    await store.put('k', 'hello');
    (await store.getBytes('k')).fill(0);
    for await (const chunk of (await store.get('k')).body) (chunk as Buffer).fill(0);
    expect((await store.getBytes('k')).toString()).toBe('hello');
  });

  it('peaks at about one body during a put, not a chunk list plus its concatenation', async () => {
    // Run in a fresh process, whose peak resident size (maxRSS) is this put's and nothing else's.
    const bodyBytes = 128 * MIB;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--no-warnings', '--input-type=module', '-e', PEAK_SCRIPT],
      {
        env: {
          ...process.env,
          STORE_URL: new URL('./memory-object-store.ts', import.meta.url).href,
          BODY_BYTES: String(bodyBytes),
        },
      },
    );
    const { before, maxBefore, peak, held } = JSON.parse(stdout) as PeakReport;
    // The readings mean something: no earlier peak hides this one, and the body is really held.
    expect(maxBefore - before).toBeLessThan(bodyBytes / 4);
    expect(held).toBeGreaterThan(bodyBytes * 0.9);
    // Holding the chunks and then concatenating them would peak near twice the body.
    expect(peak - before).toBeLessThan(bodyBytes * 1.4);
  }, 60_000);

  describe('aborts', () => {
    it('refuses an already aborted put without reading the body, keeping the previous object', async () => {
      const store = createMemoryObjectStore();
      await store.put('k', 'previous');
      const controller = new AbortController();
      controller.abort(new Error('user left'));
      let read = false;
      async function* body() {
        read = true;
        yield 'new';
      }
      const error = await store.put('k', body(), { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ABORTED', cause: new Error('user left') });
      expect(read).toBe(false);
      expect((await store.getBytes('k')).toString()).toBe('previous');
    });

    it('stops a put whose source stalled mid-stream, destroys the source and keeps the previous object', async () => {
      const store = createMemoryObjectStore();
      await store.put('k', 'previous');
      const controller = new AbortController();
      const source = stalledReadable('first chunk');
      const put = store.put('k', source.body, { signal: controller.signal });
      await expect.poll(source.wasRead).toBe(true);
      controller.abort();
      await expect(put).rejects.toMatchObject({ code: 'ABORTED' });
      expect(source.body.destroyed).toBe(true);
      expect((await store.getBytes('k')).toString()).toBe('previous');
      expect(await store.exists('fresh')).toBe(false);
    });

    it('leaves no object behind when a create-only put is aborted', async () => {
      const store = createMemoryObjectStore();
      const controller = new AbortController();
      const source = stalledReadable('x');
      const put = store.put('fresh', source.body, { signal: controller.signal, ifNotExists: true });
      await expect.poll(source.wasRead).toBe(true);
      controller.abort();
      await expect(put).rejects.toMatchObject({ code: 'ABORTED' });
      expect(await store.exists('fresh')).toBe(false);
      await store.put('fresh', 'now', { ifNotExists: true });
    });
  });
});

/** Resident sizes in bytes: before the put, the peak before and after it, and what stays held. */
interface PeakReport {
  before: number;
  maxBefore: number;
  peak: number;
  held: number;
}

/**
 * Puts BODY_BYTES of fresh 64 KiB chunks (as a file or socket stream makes them) and reports
 * resident sizes. gc() between chunks frees the chunks the store has already copied, so what
 * stays resident is what the store holds.
 */
const PEAK_SCRIPT = `
const { createMemoryObjectStore } = await import(process.env.STORE_URL);
const bodyBytes = Number(process.env.BODY_BYTES);
const chunkBytes = 64 * 1024;
async function* freshChunks() {
  for (let i = 0; i * chunkBytes < bodyBytes; i++) {
    if (i % 32 === 0) gc();
    yield Buffer.alloc(chunkBytes, i & 0xff);
  }
}
const store = createMemoryObjectStore();
await store.put('warm-up', 'x');
gc();
const before = process.memoryUsage().rss;
const maxBefore = process.resourceUsage().maxRSS * 1024;
await store.put('big', freshChunks());
const peak = process.resourceUsage().maxRSS * 1024;
gc();
const held = process.memoryUsage().rss - before;
process.stdout.write(JSON.stringify({ before, maxBefore, peak, held }));
`;
