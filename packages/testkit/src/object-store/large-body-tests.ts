// A 100 MiB body streamed through put and get must not be held in memory.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startMemoryProbe } from './memory-probe.ts';
import type { SuiteContext } from './suite-context.ts';

const MIB = 1024 * 1024;
const TOTAL_BYTES = 100 * MIB;
const CHUNK_BYTES = 256 * 1024;
/**
 * Holding the body would keep at least 100 MiB alive, so a bound well below that proves
 * streaming. 64 MiB still leaves room for what a streaming store legitimately holds: stream
 * buffers, and on remote stores a few multipart parts in flight (e.g. 4 × 8 MiB).
 */
const MAX_GROWTH_BYTES = 64 * MIB;
/**
 * Without gc() the readings include dead chunks, of which V8 lets up to ~64 MiB pile up before
 * collecting; still below the 100 MiB a buffering store would keep alive.
 */
const MAX_GROWTH_WITH_GARBAGE_BYTES = 96 * MIB;
/** Readings force a garbage collection, so take them every few MiB, not every chunk. */
const SAMPLE_EVERY_BYTES = 8 * MIB;

/** Fresh chunks made on demand; only the running hash of all of them is kept. */
async function* generatedBody(
  hash: ReturnType<typeof createHash>,
  onChunk: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  for (let offset = 0, n = 0; offset < TOTAL_BYTES; offset += CHUNK_BYTES, n++) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, TOTAL_BYTES - offset));
    // Cheap but position-dependent content, so reordered or dropped chunks change the hash.
    chunk.fill(n & 0xff);
    chunk.writeUInt32BE(n, 0);
    hash.update(chunk);
    onChunk(chunk.length);
    yield chunk;
  }
}

export function largeBodyTests(ctx: SuiteContext): void {
  // A store that keeps bodies in memory (the memory store) cannot pass this by design, so the
  // test is not registered for it rather than reported as skipped.
  if (!ctx.capabilities.boundedMemory) return;
  describe('large bodies', () => {
    it('streams 100 MiB through put and get with bounded memory growth', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('large')}hundred-mib.bin`;
      const sent = createHash('md5');
      const received = createHash('md5');
      let receivedBytes = 0;

      const probe = startMemoryProbe();
      let sinceSample = 0;
      const transferred = (bytes: number) => {
        sinceSample += bytes;
        if (sinceSample < SAMPLE_EVERY_BYTES) return;
        sinceSample = 0;
        probe.sample();
      };
      const info = await store.put(key, generatedBody(sent, transferred));
      const { body } = await store.get(key);
      for await (const chunk of body) {
        received.update(chunk as Buffer);
        receivedBytes += (chunk as Buffer).length;
        transferred((chunk as Buffer).length);
      }
      const growth = probe.stop();

      const sentMd5 = sent.digest('hex');
      expect(info.size).toBe(TOTAL_BYTES);
      expect(info.checksums.md5).toBe(sentMd5);
      expect(receivedBytes).toBe(TOTAL_BYTES);
      expect(received.digest('hex')).toBe(sentMd5);
      console.info(
        `[${ctx.name}] 100 MiB round trip: peak growth rss ${(growth.rss / MIB).toFixed(1)} MiB, ` +
          `arrayBuffers ${(growth.arrayBuffers / MIB).toFixed(1)} MiB` +
          (growth.collected ? ' (after garbage collection)' : ' (garbage included: gc() unavailable)'),
      );
      const bound = growth.collected ? MAX_GROWTH_BYTES : MAX_GROWTH_WITH_GARBAGE_BYTES;
      expect(growth.rss).toBeLessThan(bound);
      expect(growth.arrayBuffers).toBeLessThan(bound);
      await store.delete(key);
    }, 300_000);
  });
}
