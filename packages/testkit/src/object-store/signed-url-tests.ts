// signedUrl(): NOT_SUPPORTED on stores without URLs; otherwise a URL for GET and for PUT.
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
  });
}
