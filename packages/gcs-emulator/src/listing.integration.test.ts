// objects.list over more than one page of keys: prefix/delimiter grouping, page tokens,
// maxResults, start/end offsets, includeTrailingDelimiter, matchGlob and UTF-8 byte order.
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, jsonOf, startFixture } from './emulator.test-support.ts';
import { compareUtf8 } from './utf8-order.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;
const KEYS = 1_234;
const keyNames: string[] = [];

async function listRaw(
  query: Record<string, string>,
): Promise<{ items?: { name: string }[]; prefixes?: string[]; nextPageToken?: string }> {
  const response = await fetch(
    `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o?${new URLSearchParams(query)}`,
  );
  expect(response.status).toBe(200);
  return (await jsonOf(response)) as never;
}

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
  for (let i = 0; i < KEYS; i++) keyNames.push(`flat/${String(i).padStart(5, '0')}`);
  keyNames.push('tree/a/1', 'tree/a/2', 'tree/b/1', 'tree/c', 'tree/d/', 'tree/d/x');
  // Upload through the JSON API in parallel batches (the SDK would be slower for 1,240 keys).
  for (let i = 0; i < keyNames.length; i += 50) {
    await Promise.all(
      keyNames
        .slice(i, i + 50)
        .map((name) => bucket.file(name).save('x', { resumable: false, validation: false })),
    );
  }
}, 120_000);
afterAll(() => fixture.close());

describe('listing', () => {
  it('auto-paginates over more than 1,000 keys in order', async () => {
    const [files] = await bucket.getFiles({ prefix: 'flat/' });
    expect(files.map((file) => file.name)).toEqual(keyNames.filter((name) => name.startsWith('flat/')));
  });

  it('pages with maxResults and pageToken, capping a page at 1,000', async () => {
    const [page1, next1] = await bucket.getFiles({ prefix: 'flat/', autoPaginate: false, maxResults: 500 });
    expect(page1).toHaveLength(500);
    expect(next1?.pageToken).toBeTypeOf('string');
    const [page2] = await bucket.getFiles({ ...next1, autoPaginate: false, maxResults: 500 });
    expect(page2[0]?.name).toBe('flat/00500');
    const big = await listRaw({ prefix: 'flat/', maxResults: '5000' });
    expect(big.items).toHaveLength(1000);
    expect(big.nextPageToken).toBeTypeOf('string');
    const rest = await listRaw({ prefix: 'flat/', pageToken: big.nextPageToken as string });
    expect(rest.items).toHaveLength(KEYS - 1000);
    expect(rest.nextPageToken).toBeUndefined();
  });

  it('groups by delimiter into prefixes, counting them against maxResults', async () => {
    const [files, , response] = await bucket.getFiles({
      prefix: 'tree/',
      delimiter: '/',
      autoPaginate: false,
    });
    expect(files.map((file) => file.name)).toEqual(['tree/c']);
    expect((response as { prefixes: string[] }).prefixes).toEqual(['tree/a/', 'tree/b/', 'tree/d/']);
    const top = await listRaw({ delimiter: '/' });
    expect(top.prefixes).toEqual(['flat/', 'tree/']);
    expect(top.items).toBeUndefined();
    const first = await listRaw({ prefix: 'tree/', delimiter: '/', maxResults: '2' });
    expect(first.prefixes).toEqual(['tree/a/', 'tree/b/']);
    const second = await listRaw({
      prefix: 'tree/',
      delimiter: '/',
      maxResults: '2',
      pageToken: first.nextPageToken as string,
    });
    expect(second.items?.map((item) => item.name)).toEqual(['tree/c']);
    expect(second.prefixes).toEqual(['tree/d/']);
    expect(second.nextPageToken).toBeUndefined();
  });

  it('returns a trailing-delimiter object as an item with includeTrailingDelimiter', async () => {
    const plain = await listRaw({ prefix: 'tree/', delimiter: '/' });
    expect(plain.items?.map((item) => item.name)).toEqual(['tree/c']);
    const withTrailing = await listRaw({ prefix: 'tree/', delimiter: '/', includeTrailingDelimiter: 'true' });
    expect(withTrailing.items?.map((item) => item.name)).toEqual(['tree/c', 'tree/d/']);
    expect(withTrailing.prefixes).toEqual(['tree/a/', 'tree/b/', 'tree/d/']);
  });

  it('honours startOffset (inclusive) and endOffset (exclusive)', async () => {
    const [files] = await bucket.getFiles({ startOffset: 'flat/00998', endOffset: 'flat/01003' });
    expect(files.map((file) => file.name)).toEqual([
      'flat/00998',
      'flat/00999',
      'flat/01000',
      'flat/01001',
      'flat/01002',
    ]);
  });

  it('filters with matchGlob', async () => {
    const result = await listRaw({ matchGlob: 'tree/**/1' });
    expect(result.items?.map((item) => item.name)).toEqual(['tree/a/1', 'tree/b/1']);
    const single = await listRaw({ matchGlob: 'tree/*' });
    expect(single.items?.map((item) => item.name)).toEqual(['tree/c']);
  });

  it('orders names by UTF-8 bytes', async () => {
    const own = await fixture.newBucket();
    const names = ['z', 'a', '\u{ff5e}', '\u{1f600}', 'A', 'é', '_'];
    for (const name of names) await own.file(name).save('x', { resumable: false });
    const [files] = await own.getFiles();
    const expected = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(files.map((file) => file.name)).toEqual(expected);
    expect([...names].sort(compareUtf8)).toEqual(expected);
  });
});
