// Bucket metadata through the SDK: PATCH merges top-level fields and nested objects (labels per
// key), null deletes, lifecycle / CORS / website / storage class / retention / autoclass are kept,
// PUT replaces, and everything survives a restart of a folder-backed emulator.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BucketMetadata } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, errorOf, jsonOf, startFixture, uniqueName } from './emulator.test-support.ts';

let fixture: EmulatorFixture;

beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(() => fixture.close());

const cors = [
  { maxAgeSeconds: 3600, method: ['GET', 'HEAD'], origin: ['*'], responseHeader: ['Content-Type'] },
];

describe('bucket patch', () => {
  it('merges labels per key, deletes a label set to null and drops labels once all are gone', async () => {
    const bucket = await fixture.newBucket();
    await bucket.setMetadata({ labels: { a: '1', b: '2' } });
    const [merged] = await bucket.setMetadata({ labels: { b: null, c: '3' } });
    expect(merged.labels).toEqual({ a: '1', c: '3' });
    expect((await bucket.getMetadata())[0].labels).toEqual({ a: '1', c: '3' });
    const [emptied] = await bucket.setMetadata({ labels: { a: null, c: null } });
    expect(emptied.labels).toBeUndefined();
  });

  it('keeps lifecycle, CORS, website and storage class, each set by its SDK helper', async () => {
    const bucket = await fixture.newBucket();
    await bucket.addLifecycleRule({ action: { type: 'Delete' }, condition: { age: 30, isLive: true } });
    await bucket.addLifecycleRule({
      action: { type: 'SetStorageClass', storageClass: 'NEARLINE' },
      condition: { age: 7 },
    });
    await bucket.setCorsConfiguration(cors);
    await bucket.setMetadata({ website: { mainPageSuffix: 'index.html', notFoundPage: '404.html' } });
    await bucket.setStorageClass('coldline');
    const [metadata] = await bucket.getMetadata();
    expect(metadata.lifecycle?.rule).toEqual([
      { action: { type: 'Delete' }, condition: { age: 30, isLive: true } },
      { action: { type: 'SetStorageClass', storageClass: 'NEARLINE' }, condition: { age: 7 } },
    ]);
    expect(metadata.cors).toEqual(cors);
    expect(metadata.website).toEqual({ mainPageSuffix: 'index.html', notFoundPage: '404.html' });
    expect(metadata.storageClass).toBe('COLDLINE');
    // New objects take the bucket's storage class.
    await bucket.file('cold.txt').save('c', { resumable: false });
    expect((await bucket.file('cold.txt').getMetadata())[0].storageClass).toBe('COLDLINE');
  });

  it('merges nested objects, replaces arrays and deletes with null or an empty array', async () => {
    const bucket = await fixture.newBucket();
    await bucket.setMetadata({ website: { mainPageSuffix: 'index.html', notFoundPage: '404.html' } });
    const [website] = await bucket.setMetadata({ website: { notFoundPage: 'missing.html' } });
    expect(website.website).toEqual({ mainPageSuffix: 'index.html', notFoundPage: 'missing.html' });
    const [iam] = await bucket.setMetadata({ iamConfiguration: { publicAccessPrevention: 'enforced' } });
    expect(iam.iamConfiguration?.publicAccessPrevention).toBe('enforced');
    expect(iam.iamConfiguration?.uniformBucketLevelAccess?.enabled).toBe(false);
    await bucket.setCorsConfiguration(cors);
    await bucket.setCorsConfiguration([]);
    expect((await bucket.getMetadata())[0].cors).toBeUndefined();
    // The SDK's types do not admit null here, but the API does: it deletes the field.
    const [cleared] = await bucket.setMetadata({ website: null } as unknown as BucketMetadata);
    expect(cleared.website).toBeUndefined();
  });

  it('never stores null as the string "null" and refuses malformed values with 400', async () => {
    const bucket = await fixture.newBucket();
    const [metadata] = await bucket.setMetadata({ labels: { gone: null } });
    expect(metadata.labels).toBeUndefined();
    expect((await errorOf(bucket.setMetadata({ labels: { k: 5 as unknown as string } }))).code).toBe(400);
    expect((await errorOf(bucket.setMetadata({ labels: { Upper: 'x' } }))).code).toBe(400);
    expect((await errorOf(bucket.setStorageClass('no-such-class'))).code).toBe(400);
    expect((await bucket.getMetadata())[0].metageneration).toBe('2');
  });

  it('derives retention, autoclass and UBLA fields and honours ifMetagenerationMatch', async () => {
    const bucket = await fixture.newBucket();
    const [retained] = await bucket.setRetentionPeriod(120);
    expect(retained.retentionPolicy).toMatchObject({ retentionPeriod: '120', isLocked: false });
    expect(Date.parse(String(retained.retentionPolicy?.effectiveTime))).not.toBeNaN();
    await bucket.removeRetentionPeriod();
    expect((await bucket.getMetadata())[0].retentionPolicy).toBeUndefined();
    const [on] = await bucket.setMetadata({ autoclass: { enabled: true } });
    expect(on.autoclass).toMatchObject({ enabled: true, terminalStorageClass: 'NEARLINE' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [off] = await bucket.setMetadata({ autoclass: { enabled: false } });
    expect(String(off.autoclass?.toggleTime) > String(on.autoclass?.toggleTime)).toBe(true);
    const [ubla] = await bucket.setMetadata({
      iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
    });
    const iamConfiguration = ubla.iamConfiguration as Record<string, { enabled?: boolean }> | undefined;
    expect(iamConfiguration?.bucketPolicyOnly?.enabled).toBe(true);
    const stale = await fetch(`${fixture.emulator.url}/storage/v1/b/${bucket.name}?ifMetagenerationMatch=1`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"labels":{"x":"y"}}',
    });
    expect(stale.status).toBe(412);
  });

  it('creates a bucket with these fields, and PUT replaces every writable field', async () => {
    const name = uniqueName('full');
    const [bucket] = await fixture.storage.createBucket(name, {
      cors,
      labels: { team: 'x' },
      versioning: { enabled: true },
      storageClass: 'NEARLINE',
      website: { mainPageSuffix: 'index.html' },
    });
    const [created] = await bucket.getMetadata();
    expect(created).toMatchObject({
      cors,
      labels: { team: 'x' },
      versioning: { enabled: true },
      storageClass: 'NEARLINE',
      website: { mainPageSuffix: 'index.html' },
    });
    const replaced = await fetch(`${fixture.emulator.url}/storage/v1/b/${name}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ labels: { only: 'this' } }),
    });
    const body = await jsonOf(replaced);
    expect(body.labels).toEqual({ only: 'this' });
    expect(body.cors).toBeUndefined();
    expect(body.website).toBeUndefined();
    expect(body.versioning).toBeUndefined();
    expect(body.storageClass).toBe('NEARLINE');
  });
});

describe('bucket settings on disk', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gcs-bucket-settings-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('survive a restart', async () => {
    const first = await startFixture({ storage: folder, buckets: ['kept-settings'] });
    await first.storage
      .bucket('kept-settings')
      .setMetadata({ labels: { a: 'b' }, cors, website: { mainPageSuffix: 'i' } });
    await first.close();
    const second = await startFixture({ storage: folder });
    try {
      const [metadata] = await second.storage.bucket('kept-settings').getMetadata();
      expect(metadata).toMatchObject({
        labels: { a: 'b' },
        cors,
        website: { mainPageSuffix: 'i' },
        metageneration: '2',
      });
    } finally {
      await second.close();
    }
  });

  it('reads bucket records saved before settings existed', async () => {
    await mkdir(join(folder, 'buckets'), { recursive: true });
    const old = {
      name: 'old-format',
      metageneration: 3,
      timeCreated: '2024-01-01T00:00:00.000Z',
      updated: '2024-01-02T00:00:00.000Z',
      location: 'US',
      storageClass: 'NEARLINE',
      labels: { kept: 'yes' },
      versioningEnabled: true,
    };
    await writeFile(join(folder, 'buckets', 'old-format.json'), JSON.stringify(old));
    const emulator = await startFixture({ storage: folder });
    try {
      const [metadata] = await emulator.storage.bucket('old-format').getMetadata();
      expect(metadata).toMatchObject({
        storageClass: 'NEARLINE',
        labels: { kept: 'yes' },
        versioning: { enabled: true },
        metageneration: '3',
      });
    } finally {
      await emulator.close();
    }
  });
});
