// Partial responses (fields=) on the JSON resources the SDK and its users ask for: object get and
// list (also through getFiles({ fields })), uploads, patch and bucket get; a malformed selection is
// a 400 that changes nothing.
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, jsonOf, startFixture } from './emulator.test-support.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
  for (const name of ['one', 'two', 'dir/three']) await bucket.file(name).save(name, { resumable: false });
});
afterAll(() => fixture.close());

function url(path: string, query: Record<string, string>): string {
  return `${fixture.emulator.url}/storage/v1/b/${bucket.name}${path}?${new URLSearchParams(query)}`;
}

describe('fields=', () => {
  it('trims getFiles({ fields }) to the selected item fields', async () => {
    const [files] = await bucket.getFiles({ fields: 'items(name)' });
    expect(files).toEqual([{ name: 'dir/three' }, { name: 'one' }, { name: 'two' }]);
  });

  it('trims object get, list pages and bucket get', async () => {
    expect(await jsonOf(await fetch(url('/o/one', { fields: 'name,size' })))).toEqual({
      name: 'one',
      size: '3',
    });
    const page = await jsonOf(
      await fetch(url('/o', { fields: 'items(name,size),nextPageToken', maxResults: '2' })),
    );
    expect(page).toEqual({
      items: [
        { name: 'dir/three', size: '9' },
        { name: 'one', size: '3' },
      ],
      nextPageToken: expect.any(String),
    });
    const nested = await jsonOf(
      await fetch(url('', { fields: 'name,iamConfiguration/uniformBucketLevelAccess' })),
    );
    expect(nested).toEqual({
      name: bucket.name,
      iamConfiguration: { uniformBucketLevelAccess: { enabled: false } },
    });
  });

  it('trims the responses of uploads and patches', async () => {
    const upload = await fetch(
      url('/o', { uploadType: 'media', name: 'media.txt', fields: 'name,md5Hash' }).replace(
        '/storage/v1/',
        '/upload/storage/v1/',
      ),
      {
        method: 'POST',
        body: 'media',
      },
    );
    expect(Object.keys(await jsonOf(upload))).toEqual(['name', 'md5Hash']);
    const patched = await fetch(url('/o/one', { fields: 'metadata' }), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { k: 'v' }, cacheControl: 'no-store' }),
    });
    expect(await jsonOf(patched)).toEqual({ metadata: { k: 'v' } });
  });

  it('refuses a malformed selection with 400 before changing anything', async () => {
    const response = await fetch(url('/o/two', { fields: 'items(name' }), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { changed: 'yes' } }),
    });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.errors[0].reason).toBe('invalidParameter');
    expect((await bucket.file('two').getMetadata())[0].metadata).toBeUndefined();
  });
});
