// The XML API's object listing (GET /{bucket}): prefix, delimiter with CommonPrefixes, marker /
// NextMarker paging that skips a prefix it ended on, list-type=2 continuation tokens,
// encoding-type=url and XML errors.
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, startFixture } from './emulator.test-support.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;
const names = ['a/1', 'a/2', 'b', 'c d', 'e/x/1', 'f'];

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
  for (const name of names) await bucket.file(name).save(name, { resumable: false });
});
afterAll(() => fixture.close());

async function list(query: Record<string, string>): Promise<string> {
  const response = await fetch(`${fixture.emulator.url}/${bucket.name}?${new URLSearchParams(query)}`);
  expect(response.status).toBe(200);
  return response.text();
}

function all(text: string, tag: string): string[] {
  return [...text.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1] as string);
}

describe('XML listing', () => {
  it('lists every key with its generation, size and MD5 ETag', async () => {
    const text = await list({});
    expect(all(text, 'Key')).toEqual(names);
    expect(all(text, 'IsTruncated')).toEqual(['false']);
    expect(all(text, 'Size')).toEqual(names.map((name) => String(name.length)));
    expect(all(text, 'ETag')[0]).toMatch(/^"[0-9a-f]{32}"$/);
    const [metadata] = await bucket.file('b').getMetadata();
    expect(text).toContain(`<Key>b</Key><Generation>${metadata.generation}</Generation>`);
  });

  it('groups under a delimiter and pages with marker, skipping the prefix it ended on', async () => {
    const first = await list({ delimiter: '/', 'max-keys': '2' });
    expect(all(first, 'Key')).toEqual(['b']);
    expect(first).toContain('<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>');
    expect(all(first, 'IsTruncated')).toEqual(['true']);
    expect(all(first, 'NextMarker')).toEqual(['b']);
    const second = await list({ delimiter: '/', 'max-keys': '2', marker: 'b' });
    expect(all(second, 'Key')).toEqual(['c d']);
    expect(second).toContain('<CommonPrefixes><Prefix>e/</Prefix></CommonPrefixes>');
    expect(all(second, 'NextMarker')).toEqual(['e/']);
    const third = await list({ delimiter: '/', 'max-keys': '2', marker: 'e/' });
    expect(all(third, 'Key')).toEqual(['f']);
    expect(all(third, 'IsTruncated')).toEqual(['false']);
    expect(all(await list({ prefix: 'a/' }), 'Key')).toEqual(['a/1', 'a/2']);
  });

  it('pages with list-type=2 continuation tokens and URL-encodes names on request', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const text = await list({
        'list-type': '2',
        'max-keys': '4',
        ...(token ? { 'continuation-token': token } : {}),
      });
      seen.push(...all(text, 'Key'));
      token = all(text, 'NextContinuationToken')[0];
    } while (token !== undefined);
    expect(seen).toEqual(names);
    expect(all(await list({ 'list-type': '2', 'start-after': 'c d' }), 'Key')).toEqual(['e/x/1', 'f']);
    expect(all(await list({ prefix: 'c', 'encoding-type': 'url' }), 'Key')).toEqual(['c%20d']);
  });

  it('answers NoSuchBucket in XML for a missing bucket', async () => {
    const response = await fetch(`${fixture.emulator.url}/no-such-xml-bucket`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchBucket</Code>');
  });
});
