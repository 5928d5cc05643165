// put → get/stat/exists/list round trips: every body type, empty bodies, attributes, checksums.
import { Readable } from 'node:stream';
import type { ObjectBody } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';
import { md5Hex, patternBytes, readAll } from './test-bodies.ts';

export function roundTripTests(ctx: SuiteContext): void {
  describe('round trip', () => {
    const backing = Buffer.from('--window--');
    const bodies: [string, () => ObjectBody, string][] = [
      ['a string (as UTF-8)', () => 'héllo wörld 名前', 'héllo wörld 名前'],
      ['a Buffer', () => Buffer.from('buffer body'), 'buffer body'],
      // Only the window's bytes belong to the body, not the whole backing ArrayBuffer.
      ['a Uint8Array view', () => new Uint8Array(backing.buffer, backing.byteOffset + 2, 6), 'window'],
      ['a Readable', () => Readable.from([Buffer.from('read'), Buffer.from('able')]), 'readable'],
      [
        'an async iterable of strings and bytes',
        () =>
          (async function* () {
            yield 'async ';
            yield new Uint8Array(Buffer.from('iter'));
            yield 'able';
          })(),
        'async iterable',
      ],
    ];

    it.each(bodies)(
      'stores %s and reads it back through get, getBytes, stat and exists',
      async (_, make, text) => {
        const store = ctx.store();
        const key = `${ctx.scope('body')}object`;
        const expected = Buffer.from(text, 'utf8');
        const put = await store.put(key, make());
        expect(put.key).toBe(key);
        expect(put.size).toBe(expected.length);
        expect(put.checksums.md5).toBe(md5Hex(expected));

        expect((await store.getBytes(key)).equals(expected)).toBe(true);
        const download = await store.get(key);
        expect((await readAll(download.body)).equals(expected)).toBe(true);
        expect(download.info.size).toBe(expected.length);

        const stat = await store.stat(key);
        expect(stat).toMatchObject({ key, size: expected.length, contentType: put.contentType });
        expect(stat.checksums.md5).toBe(put.checksums.md5);
        expect(stat.lastModified).toBeInstanceOf(Date);
        expect(Number.isNaN(stat.lastModified.getTime())).toBe(false);
        expect(await store.exists(key)).toBe(true);
      },
    );

    it('stores an empty body as a readable zero-byte object', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('empty')}nothing`;
      const put = await store.put(key, '');
      expect(put.size).toBe(0);
      expect(put.checksums.md5).toBe(md5Hex(''));
      expect((await store.stat(key)).size).toBe(0);
      expect((await store.getBytes(key)).length).toBe(0);
      expect((await readAll((await store.get(key)).body)).length).toBe(0);
      expect(await store.exists(key)).toBe(true);
      await store.put(`${key}-stream`, Readable.from([]));
      expect((await store.stat(`${key}-stream`)).size).toBe(0);
    });

    it('defaults contentType to application/octet-stream and metadata to {}', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('defaults')}plain`;
      await store.put(key, 'x');
      const stat = await store.stat(key);
      expect(stat.contentType).toBe('application/octet-stream');
      expect(stat.metadata).toEqual({});
      expect(stat.cacheControl).toBeUndefined();
    });

    it('keeps contentType, cacheControl and metadata through stat, get and list', async () => {
      const store = ctx.store();
      const scope = ctx.scope('attributes');
      const key = `${scope}page.html`;
      const attributes = {
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'public, max-age=60',
        metadata: { 'owner-id': 'u_42', revision: '7' },
      };
      await store.put(key, '<p>hi</p>', attributes);
      expect(await store.stat(key)).toMatchObject(attributes);
      const download = await store.get(key);
      // A download holds a file handle or a connection until its body is read or destroyed.
      download.body.destroy();
      expect(download.info).toMatchObject(attributes);
      const page = await store.list({ prefix: scope });
      expect(page.objects).toHaveLength(1);
      expect(page.objects[0]).toMatchObject({ key, ...attributes });
    });

    it('reports an md5 equal to node:crypto over a multi-chunk body', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('md5')}data.bin`;
      const data = patternBytes(1024 * 1024 + 7, 1);
      const chunks = [data.subarray(0, 1000), data.subarray(1000, 500_000), data.subarray(500_000)];
      const put = await store.put(key, Readable.from(chunks));
      expect(put.checksums.md5).toBe(md5Hex(data));
      expect((await store.stat(key)).checksums.md5).toBe(md5Hex(data));
      expect(md5Hex(await store.getBytes(key))).toBe(md5Hex(data));
    });

    it('does not let callers change stored bytes through buffers passed in or handed out', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('isolation')}bytes`;
      const input = Buffer.from('original');
      await store.put(key, input);
      input.fill(0x78);
      const first = await store.getBytes(key);
      first.fill(0x79);
      expect((await store.getBytes(key)).toString()).toBe('original');
      const stat = await store.stat(key);
      stat.metadata.injected = 'yes';
      expect((await store.stat(key)).metadata).toEqual({});
    });

    it('replaces content and attributes on overwrite, without merging metadata', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('overwrite')}doc`;
      await store.put(key, 'first version', { contentType: 'text/plain', metadata: { a: '1' } });
      const second = await store.put(key, 'second');
      expect(second.size).toBe(6);
      expect((await store.getBytes(key)).toString()).toBe('second');
      const stat = await store.stat(key);
      expect(stat.metadata).toEqual({});
      expect(stat.contentType).toBe('application/octet-stream');
      expect(stat.checksums.md5).toBe(md5Hex('second'));
    });

    it('keeps metadata of exactly the size limit', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('metadata-limit')}k`;
      const metadata = { big: 'v'.repeat(1_981) };
      await store.put(key, 'x', { metadata });
      expect((await store.stat(key)).metadata).toEqual(metadata);
    });

    it.each([
      ['an upper-case name', { Owner: 'x' }],
      ['a name with a space', { 'my key': 'x' }],
      ['a non-ASCII name', { ñame: 'x' }],
      ['a non-string value', { count: 3 as unknown as string }],
      // Ceph RGW would store it as "a-b" (and clash with a real "a-b").
      ['an underscore in a name', { a_b: 'x' }],
      ['more than 1,984 bytes of names and values (one byte over)', { big: 'v'.repeat(1_982) }],
      // Non-ASCII values count as their header form (RFC 2047 base64), 4/3 of their bytes.
      ['non-ASCII values that grow past the limit as headers', { big: 'é'.repeat(800) }],
    ])('rejects metadata with %s as VALIDATION, storing nothing', async (_, metadata) => {
      const store = ctx.store();
      const key = `${ctx.scope('bad-metadata')}k`;
      await expectStowageError(store.put(key, 'x', { metadata }), 'VALIDATION');
      expect(await store.exists(key)).toBe(false);
    });
  });

  describe('byte ranges', () => {
    const data = '0123456789';

    async function stored(): Promise<string> {
      const key = `${ctx.scope('range')}digits`;
      await ctx.store().put(key, data);
      return key;
    }

    it.each([
      ['start only', { start: 3 }, '3456789'],
      ['start and end (inclusive)', { start: 2, end: 5 }, '2345'],
      ['a single byte', { start: 0, end: 0 }, '0'],
      ['the last byte', { start: 9, end: 9 }, '9'],
      ['an end past the size (clamped)', { start: 8, end: 100 }, '89'],
    ])('reads %s through get and getBytes', async (_, range, expected) => {
      const store = ctx.store();
      const key = await stored();
      expect((await store.getBytes(key, { range })).toString()).toBe(expected);
      const download = await store.get(key, { range });
      expect((await readAll(download.body)).toString()).toBe(expected);
      expect(download.info.size).toBe(data.length);
    });

    it.each([
      ['start at the size', { start: 10 }],
      ['start past the size', { start: 50, end: 60 }],
      ['start after end', { start: 5, end: 4 }],
      ['a negative start', { start: -1 }],
      ['a fractional start', { start: 1.5 }],
    ])('rejects %s with VALIDATION', async (_, range) => {
      const key = await stored();
      await expectStowageError(ctx.store().getBytes(key, { range }), 'VALIDATION');
      await expectStowageError(ctx.store().get(key, { range }), 'VALIDATION');
    });

    it('rejects any range on an empty object with VALIDATION', async () => {
      const key = `${ctx.scope('range-empty')}empty`;
      await ctx.store().put(key, '');
      await expectStowageError(ctx.store().getBytes(key, { range: { start: 0 } }), 'VALIDATION');
    });
  });

  describe('missing objects', () => {
    it('get, getBytes, stat, copy and move reject with NOT_FOUND; exists is false; delete is false', async () => {
      const store = ctx.store();
      const scope = ctx.scope('missing');
      const key = `${scope}absent`;
      await expectStowageError(store.get(key), 'NOT_FOUND');
      await expectStowageError(store.get(key, { range: { start: 0, end: 1 } }), 'NOT_FOUND');
      await expectStowageError(store.getBytes(key), 'NOT_FOUND');
      await expectStowageError(store.stat(key), 'NOT_FOUND');
      await expectStowageError(store.copy(key, `${scope}target`), 'NOT_FOUND');
      await expectStowageError(store.move(key, `${scope}target`), 'NOT_FOUND');
      expect(await store.exists(key)).toBe(false);
      expect(await store.exists(`${scope}target`)).toBe(false);
      expect(await store.delete(key)).toBe(false);
    });

    it('treats "a" as absent when only "a/b" exists, and the reverse', async () => {
      const store = ctx.store();
      const scope = ctx.scope('missing-nested');
      await store.put(`${scope}a/b`, 'nested');
      expect(await store.exists(`${scope}a`)).toBe(false);
      await expectStowageError(store.stat(`${scope}a`), 'NOT_FOUND');
      await store.put(`${scope}c`, 'flat');
      expect(await store.exists(`${scope}c/d`)).toBe(false);
      await expectStowageError(store.getBytes(`${scope}c/d`), 'NOT_FOUND');
    });
  });
}
