// Generation/metageneration preconditions on every kind of call, answered with the real 412 body.
import type { Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorFixture, errorOf, startFixture } from './emulator.test-support.ts';

let fixture: EmulatorFixture;
let bucket: Bucket;
let generation: number;

const CONDITION_NOT_MET = {
  error: {
    code: 412,
    message: 'At least one of the pre-conditions you specified did not hold.',
    errors: [
      {
        message: 'At least one of the pre-conditions you specified did not hold.',
        domain: 'global',
        reason: 'conditionNotMet',
        locationType: 'header',
        location: 'If-Match',
      },
    ],
  },
};

beforeAll(async () => {
  fixture = await startFixture();
  bucket = await fixture.newBucket();
  await bucket.file('guarded.txt').save('guarded', { resumable: false });
  generation = Number((await bucket.file('guarded.txt').getMetadata())[0].generation);
});
afterAll(() => fixture.close());

function objectUrl(name: string, query: string): string {
  return `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/${encodeURIComponent(name)}?${query}`;
}

describe('preconditions', () => {
  it('answers 412 with the real error body', async () => {
    const response = await fetch(objectUrl('guarded.txt', `ifGenerationMatch=${generation + 1}`));
    expect(response.status).toBe(412);
    expect(await response.json()).toEqual(CONDITION_NOT_MET);
  });

  it('checks each kind on reads, patches and deletes', async () => {
    const file = bucket.file('guarded.txt');
    expect((await errorOf(file.getMetadata({ ifGenerationMatch: generation + 1 }))).code).toBe(412);
    expect((await errorOf(file.getMetadata({ ifMetagenerationMatch: 7 }))).code).toBe(412);
    expect(
      (await file.getMetadata({ ifGenerationMatch: generation, ifMetagenerationMatch: 1 }))[0].name,
    ).toBe('guarded.txt');
    // A failed *NotMatch on a read is 304 Not Modified, as on the real service.
    expect((await fetch(objectUrl('guarded.txt', `ifGenerationNotMatch=${generation}`))).status).toBe(304);
    expect((await fetch(objectUrl('guarded.txt', 'alt=media&ifMetagenerationNotMatch=1'))).status).toBe(304);

    expect((await errorOf(file.setMetadata({ cacheControl: 'x' }, { ifMetagenerationMatch: 2 }))).code).toBe(
      412,
    );
    expect(
      (await errorOf(file.setMetadata({ cacheControl: 'x' }, { ifMetagenerationNotMatch: 1 }))).code,
    ).toBe(412);
    expect(
      (await errorOf(file.setMetadata({ cacheControl: 'x' }, { ifGenerationNotMatch: generation }))).code,
    ).toBe(412);
    expect((await errorOf(file.delete({ ifGenerationMatch: generation + 1 }))).code).toBe(412);
    expect((await errorOf(file.delete({ ifMetagenerationMatch: 5 }))).code).toBe(412);
    expect(
      (await fetch(objectUrl('guarded.txt', `ifGenerationNotMatch=${generation}`), { method: 'DELETE' }))
        .status,
    ).toBe(412);
    expect(
      (await fetch(objectUrl('guarded.txt', 'ifMetagenerationNotMatch=1'), { method: 'DELETE' })).status,
    ).toBe(412);
    expect((await file.exists())[0]).toBe(true);
  });

  it('checks uploads: ifGenerationMatch=0 means create-only, a generation means replace exactly that one', async () => {
    const file = bucket.file('upload-guard.txt');
    await file.save('v1', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    const current = Number((await file.getMetadata())[0].generation);
    expect(
      (await errorOf(file.save('v2', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }))).code,
    ).toBe(412);
    expect(
      (
        await errorOf(
          file.save('v2', { resumable: false, preconditionOpts: { ifGenerationMatch: current + 1 } }),
        )
      ).code,
    ).toBe(412);
    expect(
      (await errorOf(file.save('v2', { resumable: false, preconditionOpts: { ifMetagenerationMatch: 9 } })))
        .code,
    ).toBe(412);
    await file.save('v2', { resumable: false, preconditionOpts: { ifGenerationMatch: current } });
    expect((await file.download())[0].toString()).toBe('v2');
    const missing = bucket.file('never.txt');
    expect(
      (await errorOf(missing.save('x', { resumable: false, preconditionOpts: { ifMetagenerationMatch: 1 } })))
        .code,
    ).toBe(412);
    expect(
      (await errorOf(missing.save('x', { resumable: true, preconditionOpts: { ifGenerationMatch: 123 } })))
        .code,
    ).toBe(412);
    expect((await missing.exists())[0]).toBe(false);
  });

  it('checks destination and source conditions on copy/rewrite and compose', async () => {
    await bucket.file('target.txt').save('taken', { resumable: false });
    const copy = await fetch(
      `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/guarded.txt/rewriteTo/b/${bucket.name}/o/target.txt?ifGenerationMatch=0`,
      { method: 'POST' },
    );
    expect(copy.status).toBe(412);
    const source = await fetch(
      `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/guarded.txt/rewriteTo/b/${bucket.name}/o/new.txt?ifSourceGenerationMatch=${generation + 1}`,
      { method: 'POST' },
    );
    expect(source.status).toBe(412);
    expect(
      (
        await errorOf(
          bucket.file('guarded.txt').copy('target.txt', { preconditionOpts: { ifGenerationMatch: 0 } }),
        )
      ).code,
    ).toBe(412);
    const compose = await fetch(
      `${fixture.emulator.url}/storage/v1/b/${bucket.name}/o/target.txt/compose?ifGenerationMatch=0`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sourceObjects: [{ name: 'guarded.txt' }] }),
      },
    );
    expect(compose.status).toBe(412);
    expect((await bucket.file('target.txt').download())[0].toString()).toBe('taken');
  });

  it('rejects a non-numeric precondition with 400', async () => {
    expect((await fetch(objectUrl('guarded.txt', 'ifGenerationMatch=abc'))).status).toBe(400);
  });
});
