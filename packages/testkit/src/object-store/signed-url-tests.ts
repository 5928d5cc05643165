// signedUrl(): NOT_SUPPORTED on stores without URLs; otherwise URLs that work without the store's
// credentials: fetch() reads the object through the GET URL and uploads through the PUT URL with
// the content type it was issued for; a GET URL can carry the Content-Disposition and
// Content-Type the store answers with, which are signed (an edited value is refused).
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

    const disposition = `attachment; filename="page.html"; filename*=UTF-8''page.html`;

    it('GET URL answers with the responseContentDisposition and responseContentType it was issued with', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('signed-disposition')}page.html`;
      await store.put(key, '<script>1</script>', { contentType: 'text/html' });
      const url = await store.signedUrl(key, {
        method: 'GET',
        expiresIn: 60,
        responseContentDisposition: disposition,
        responseContentType: 'application/octet-stream',
      });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(disposition);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(await response.text()).toBe('<script>1</script>');
      // Without overrides the stored type comes back, and no disposition.
      const plain = await fetch(await store.signedUrl(key, { method: 'GET', expiresIn: 60 }));
      expect(plain.headers.get('content-type')).toMatch(/^text\/html/);
      expect(plain.headers.get('content-disposition')).toBeNull();
      await plain.arrayBuffer();
    });

    it('refuses (403) a GET URL whose disposition or type was edited or removed: both are signed', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('signed-tamper')}page.html`;
      await store.put(key, 'x', { contentType: 'text/html' });
      const url = await store.signedUrl(key, {
        method: 'GET',
        expiresIn: 60,
        responseContentDisposition: disposition,
        responseContentType: 'application/octet-stream',
      });
      const edits: ((query: URLSearchParams) => void)[] = [
        (query) => query.set('response-content-disposition', 'inline'),
        (query) => query.delete('response-content-disposition'),
        (query) => query.set('response-content-type', 'text/html'),
        // Both gone: were they unsigned, this would be a valid plain URL serving text/html inline.
        (query) => {
          query.delete('response-content-disposition');
          query.delete('response-content-type');
        },
      ];
      for (const edit of edits) {
        const tampered = new URL(url);
        edit(tampered.searchParams);
        const response = await fetch(tampered);
        expect(response.status).toBe(403);
        await response.arrayBuffer();
      }
    });

    it('reject response overrides on PUT URLs and values with control characters with VALIDATION', async () => {
      const store = ctx.store();
      const key = `${ctx.scope('signed-invalid')}k`;
      for (const name of ['responseContentDisposition', 'responseContentType'] as const) {
        await expectStowageError(
          store.signedUrl(key, { method: 'PUT', expiresIn: 60, [name]: 'attachment' }),
          'VALIDATION',
        );
        await expectStowageError(
          store.signedUrl(key, { method: 'GET', expiresIn: 60, [name]: 'attachment\r\nSet-Cookie: a=b' }),
          'VALIDATION',
        );
      }
    });
  });
}
