// Keys and metadata the SDK's own helpers get wrong, at the bucket root where a whole key can look
// like a number ("007" came back as "7" through the SDK's XML parser), plus keys with XML
// metacharacters that multi-object delete must escape, and non-ASCII metadata values.
import type { ObjectStore } from '@stowage/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownBucket, testStore } from './s3-test-server.test-support.ts';

let store: ObjectStore;
let remove: () => Promise<void>;
beforeAll(async () => {
  const own = await ownBucket('keys');
  remove = own.remove;
  store = testStore({ bucket: own.bucket });
});
afterAll(async () => {
  await store.close();
  await remove();
});

const ROOT_KEYS = ['007', '1.50', '0x1A', '1e3', '-0', 'true', ' 5', 'a&b<c>"d\'', '+ %20 %', 'ünï 名前'];

it('round-trips number-like and XML-like keys at the bucket root through put, list, get and deleteMany', async () => {
  for (const key of ROOT_KEYS) await store.put(key, `body of ${key}`);
  const listed: string[] = [];
  for await (const info of store.listAll()) listed.push(info.key);
  expect(listed).toEqual([...ROOT_KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  for (const key of ROOT_KEYS) expect((await store.getBytes(key)).toString()).toBe(`body of ${key}`);
  const grouped = await store.list({ delimiter: ' ' });
  expect(grouped.prefixes).toContain(' ');
  await store.deleteMany(ROOT_KEYS);
  expect((await store.list()).objects).toEqual([]);
});

it('keeps metadata values with non-ASCII characters, surrounding spaces and encoded-word look-alikes', async () => {
  const metadata = {
    city: 'Zürich — 東京',
    padded: '  spaced  ',
    empty: '',
    lookalike: '=?UTF-8?B?aGk=?=',
  };
  await store.put('meta', 'x', { metadata });
  expect((await store.stat('meta')).metadata).toEqual(metadata);
  expect((await store.list()).objects.find((o) => o.key === 'meta')?.metadata).toEqual(metadata);
  await store.delete('meta');
});
