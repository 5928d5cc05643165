// Signed URLs against the real server: the PUT URL binds the content type it was issued for,
// URLs expire, and keys that need escaping work.
import { setTimeout as sleep } from 'node:timers/promises';
import { isStowageError, type ObjectStore } from '@stowage/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStore, uniquePrefix } from './s3-test-server.test-support.ts';

let store: ObjectStore;
beforeAll(() => {
  store = testStore();
});
afterAll(() => store.close());

it('refuses an upload through a PUT URL with a different or missing content type', async () => {
  const key = `${uniquePrefix('signed-put')}bound`;
  const url = await store.signedUrl(key, { method: 'PUT', expiresIn: 60, contentType: 'image/png' });
  const wrong = await fetch(url, {
    method: 'PUT',
    body: 'not a png',
    headers: { 'content-type': 'text/html' },
  });
  expect(wrong.status).toBe(403);
  const none = await fetch(url, { method: 'PUT', body: new Uint8Array([1, 2]) });
  expect(none.status).toBe(403);
  expect(await store.exists(key)).toBe(false);
  const right = await fetch(url, {
    method: 'PUT',
    body: new Uint8Array([1, 2]),
    headers: { 'content-type': 'image/png' },
  });
  expect(right.status).toBe(200);
  expect(await store.stat(key)).toMatchObject({ size: 2, contentType: 'image/png' });
});

it('a GET URL is refused once it has expired', async () => {
  const key = `${uniquePrefix('signed-expiry')}short-lived`;
  await store.put(key, 'soon gone');
  const url = await store.signedUrl(key, { method: 'GET', expiresIn: 1 });
  expect((await fetch(url)).status).toBe(200);
  await sleep(2100);
  expect((await fetch(url)).status).toBe(403);
});

it('a GET URL for a key that needs escaping serves that object, and tampering is refused', async () => {
  const key = `${uniquePrefix('signed-escape')}a+b %25 ü/(x)*!'.txt`;
  await store.put(key, 'escaped');
  const url = await store.signedUrl(key, { method: 'GET', expiresIn: 60 });
  expect(await (await fetch(url)).text()).toBe('escaped');
  const tampered = url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600');
  expect((await fetch(tampered)).status).toBe(403);
});

it.each([0, -5, 1.5, 7 * 24 * 3600 + 1])('rejects expiresIn %s with VALIDATION', async (expiresIn) => {
  const error = await store.signedUrl('k', { method: 'GET', expiresIn }).catch((e: unknown) => e);
  expect(isStowageError(error, 'VALIDATION')).toBe(true);
});
