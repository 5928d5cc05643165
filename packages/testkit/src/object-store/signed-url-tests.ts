// signedUrl(): NOT_SUPPORTED on stores without URLs; otherwise URLs that work without the store's
// credentials: fetch() reads the object through the GET URL and uploads through the PUT URL with
// the content type it was issued for.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';
import type { SuiteContext } from './suite-context.ts';

export function signedUrlTests(ctx: SuiteContext): void {
  describe('signed URLs', () => {
    if (!ctx.capabilities.signedUrls) {
      it('reject with NOT_SUPPORTED', async () => {
        const store = ctx.store();
        const key = `${ctx.scope('signed')}k`;
        await store.put(key, 'x');
        await expectStowageError(store.signedUrl(key, { method: 'GET', expiresIn: 60 }), 'NOT_SUPPORTED');
        await expectStowageError(
          store.signedUrl(key, { method: 'PUT', expiresIn: 60, contentType: 'text/plain' }),
          'NOT_SUPPORTED',
        );
      });
      return;
    }

    it('are absolute http(s) URLs for GET and PUT, different per method', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('signed')}k`;
      await store.put(key, 'x');
      const get = await store.signedUrl(key, { method: 'GET', expiresIn: 60 });
      const put = await store.signedUrl(key, { method: 'PUT', expiresIn: 60, contentType: 'text/plain' });
      for (const url of [get, put]) expect(['http:', 'https:']).toContain(new URL(url).protocol);
      expect(get).not.toBe(put);
    });

    it("GET URL serves the object's bytes to a plain fetch()", async () => {
      const store = ctx.store();
      const key = `${ctx.scope('signed-get')}päth with spaces+plus.txt`;
      const body = Buffer.from('signed bytes ✓');
      await store.put(key, body, { contentType: 'text/plain; charset=utf-8' });
      const response = await fetch(await store.signedUrl(key, { method: 'GET', expiresIn: 60 }));
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
    });

    it('PUT URL accepts an upload sent with its content type, which stat and get then show', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('signed-put')}upload ü.json`;
      const url = await store.signedUrl(key, {
        method: 'PUT',
        expiresIn: 60,
        contentType: 'application/json',
      });
      const response = await fetch(url, {
        method: 'PUT',
        body: '{"uploaded":true}',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.ok).toBe(true);
      const stat = await store.stat(key);
      expect(stat).toMatchObject({ key, size: 17, contentType: 'application/json' });
      expect((await store.getBytes(key)).toString()).toBe('{"uploaded":true}');
    });
  });
}
