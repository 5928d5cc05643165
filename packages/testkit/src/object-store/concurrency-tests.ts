// Concurrent writers and create-only puts, and uploads whose source fails midway.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';
import { failingIterable, failingReadable, md5Hex, patternBytes } from './test-bodies.ts';

const WRITERS = 8;
/** Mixed writers per round: every other one sends a multipart-sized body. */
const MIXED_WRITERS = 20;
const DEFAULT_MULTIPART_BYTES = 9 * 1024 * 1024;

/** True when `error` is `source`, or wraps it as its cause. */
function isOrWraps(error: unknown, source: Error): boolean {
  return error === source || (error instanceof Error && error.cause === source);
}

export function concurrencyTests(ctx: SuiteContext): void {
  describe('concurrent writers', () => {
    it(`${WRITERS} puts of different bodies to one key leave exactly one writer's complete body and metadata`, async () => {
      const store = ctx.store();
      const scope = ctx.scope('writers');
      const key = `${scope}contended`;
      // Different sizes and several chunks each, so interleaved writes would show.
      const bodies = Array.from({ length: WRITERS }, (_, i) => patternBytes(256 * 1024 + i * 1013, i + 1));
      const results = await Promise.allSettled(
        bodies.map((body, i) => {
          const chunks = [body.subarray(0, 100_000), body.subarray(100_000, 200_000), body.subarray(200_000)];
          return store.put(key, Readable.from(chunks), { metadata: { writer: String(i) } });
        }),
      );
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);

      const stat = await store.stat(key);
      const writer = Number(stat.metadata.writer);
      expect(Number.isInteger(writer) && writer >= 0 && writer < WRITERS).toBe(true);
      const stored = await store.getBytes(key);
      expect(stored.equals(bodies[writer] as Buffer)).toBe(true);
      expect(stat.size).toBe(stored.length);
      expect(stat.checksums.md5).toBe(md5Hex(stored));
      expect((await store.list({ prefix: scope })).objects.map((o) => o.key)).toEqual([key]);
    });

    it('ifNotExists creates once, then rejects with PRECONDITION_FAILED and keeps the first body', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('create-only')}once`;
      await store.put(key, 'first', { ifNotExists: true, metadata: { n: '1' } });
      const error = await rejectionOf(store.put(key, 'second', { ifNotExists: true, metadata: { n: '2' } }));
      expect(error).toMatchObject({ code: 'PRECONDITION_FAILED' });
      expect((await store.getBytes(key)).toString()).toBe('first');
      expect((await store.stat(key)).metadata).toEqual({ n: '1' });
      // Without the flag, overwriting is still allowed.
      await store.put(key, 'third');
      expect((await store.getBytes(key)).toString()).toBe('third');
    });

    it(`lets exactly one of ${WRITERS} concurrent create-only puts win`, async () => {
      const store = ctx.store();
      const key = `${ctx.scope('create-race')}prize`;
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) =>
          store.put(key, Readable.from([`writer ${i} `, 'body']), {
            ifNotExists: true,
            metadata: { writer: String(i) },
          }),
        ),
      );
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected')
          expect(result.reason).toMatchObject({ code: 'PRECONDITION_FAILED' });
      }
      expect((await store.getBytes(key)).toString()).toBe(`writer ${winners[0]} body`);
      expect((await store.stat(key)).metadata.writer).toBe(String(winners[0]));
    });
  });

  describe('concurrent writers with multipart bodies', () => {
    const big = () => ctx.capabilities.multipartBytes ?? DEFAULT_MULTIPART_BYTES;
    /** Writer i's body: small ones of distinct sizes, every other one over the multipart size. */
    const bodyOf = (i: number) => patternBytes(i % 2 === 0 ? big() + i * 4099 : 1000 + i * 37, i + 1);
    /** Writer i's attributes, all derived from i, so a mix of two writers shows. */
    const attributesOf = (i: number) => ({
      contentType: `application/x-writer-${i}`,
      metadata: { writer: String(i), size: String(bodyOf(i).length) },
    });
    const streamed = (body: Buffer) => Readable.from([body.subarray(0, 1000), body.subarray(1000)]);
    /** The object at `key` is one writer's body, with that writer's attributes and checksum. */
    const expectOneWriters = async (key: string) => {
      const store = ctx.store();
      const stat = await store.stat(key);
      const writer = Number(stat.metadata.writer);
      expect(stat).toMatchObject({ ...attributesOf(writer), size: bodyOf(writer).length });
      const stored = await store.getBytes(key);
      expect(stored.equals(bodyOf(writer))).toBe(true);
      if (stat.checksums.md5 !== undefined) expect(stat.checksums.md5).toBe(md5Hex(stored));
    };

    it(`${MIXED_WRITERS} concurrent puts of small and multipart bodies leave one writer's body, attributes and checksum (2 rounds)`, async () => {
      const store = ctx.store();
      for (let round = 0; round < 2; round++) {
        const key = `${ctx.scope('mixed-writers')}contended`;
        const results = await Promise.allSettled(
          Array.from({ length: MIXED_WRITERS }, (_, i) =>
            store.put(key, streamed(bodyOf(i)), attributesOf(i)),
          ),
        );
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        await expectOneWriters(key);
      }
    }, 240_000);

    it(`${WRITERS} concurrent create-only puts of multipart bodies: exactly one wins, or every one is NOT_SUPPORTED and nothing is stored`, async () => {
      const store = ctx.store();
      const scope = ctx.scope('create-only-multipart');
      const key = `${scope}prize`;
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, i) => {
          const body = patternBytes(big() + i, i + 1);
          return store.put(key, streamed(body), { ifNotExists: true, metadata: { writer: String(i) } });
        }),
      );
      const codes = results.map((r) =>
        r.status === 'fulfilled' ? 'won' : (r.reason as { code?: string }).code,
      );
      if (codes.every((code) => code === 'NOT_SUPPORTED')) {
        expect(await store.exists(key)).toBe(false);
        return;
      }
      expect(codes.filter((code) => code === 'won')).toHaveLength(1);
      expect(codes.filter((code) => code !== 'won').every((code) => code === 'PRECONDITION_FAILED')).toBe(
        true,
      );
      const winner = codes.indexOf('won');
      expect((await store.stat(key)).metadata.writer).toBe(String(winner));
      expect((await store.getBytes(key)).equals(patternBytes(big() + winner, winner + 1))).toBe(true);
    }, 240_000);

    it('copies racing overwrites of their source leave a target whose attributes and checksum match its body', async () => {
      const store = ctx.store();
      const scope = ctx.scope('copy-race');
      const source = `${scope}source`;
      const target = `${scope}target`;
      await store.put(source, bodyOf(1), attributesOf(1));
      const work: Promise<unknown>[] = [];
      for (let i = 2; i < 8; i++) {
        work.push(store.put(source, streamed(bodyOf(i)), attributesOf(i)));
        work.push(store.copy(source, target));
      }
      const results = await Promise.allSettled(work);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      await expectOneWriters(target);
    }, 240_000);
  });

  describe('failed uploads', () => {
    const sources: [string, (error: Error) => AsyncIterable<unknown>][] = [
      ['a Readable that emits an error', (error) => failingReadable(['partial ', 'data '], error)],
      ['an async generator that throws', (error) => failingIterable(['partial ', 'data '], error)],
    ];

    it.each(sources)('from %s reject with that error and leave no object', async (_, make) => {
      const store = ctx.store();
      const scope = ctx.scope('failed-new');
      const key = `${scope}never`;
      const source = new Error('source broke');
      const error = await rejectionOf(store.put(key, make(source) as AsyncIterable<string>));
      expect(isOrWraps(error, source)).toBe(true);
      expect(await store.exists(key)).toBe(false);
      expect(await store.list({ prefix: scope })).toEqual({ objects: [], prefixes: [] });
    });

    it.each(sources)('from %s keep the previous content and metadata of an existing key', async (_, make) => {
      const store = ctx.store();
      const key = `${ctx.scope('failed-existing')}kept`;
      await store.put(key, 'old content', { metadata: { version: 'old' } });
      const source = new Error('source broke');
      const error = await rejectionOf(store.put(key, make(source) as AsyncIterable<string>));
      expect(isOrWraps(error, source)).toBe(true);
      expect((await store.getBytes(key)).toString()).toBe('old content');
      expect((await store.stat(key)).metadata).toEqual({ version: 'old' });
    });

    it('from a failing create-only upload leave the key free for the next create', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('failed-create')}free`;
      await rejectionOf(store.put(key, failingIterable(['x'], new Error('broke')), { ifNotExists: true }));
      await store.put(key, 'created', { ifNotExists: true });
      expect((await store.getBytes(key)).toString()).toBe('created');
    });
  });
}
