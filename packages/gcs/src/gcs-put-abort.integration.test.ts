// put(key, body, { signal }) on the emulator: an abort rejects with AbortedError (the signal's
// reason as its cause) promptly, wherever the upload is — not started, waiting on a stalled
// source, held mid-request by the service, opening its session — and leaves no session open,
// nothing at a new key and the previous object unchanged. A proxy (gated-endpoint) holds the
// request the SDK is waiting on; unhandled errors would fail the run (vitest reports them).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout } from 'node:timers/promises';
import { isStowageError } from '@stowage/core';
import { expectStowageError } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatedEndpoint, gatedEndpoint } from './gated-endpoint.test-support.ts';
import { useGcsEmulator } from './gcs-emulator.test-support.ts';

const emulator = useGcsEmulator();
const MIB = 1024 * 1024;
/** How soon after the abort put() must reject: no upload step may be waited for. */
const PROMPT_MS = 1_000;
/** Time for requests the SDK still had under way to reach the emulator (in this process). */
const LATE_REQUESTS_MS = 250;

let gate: GatedEndpoint;
beforeAll(async () => {
  gate = await gatedEndpoint(emulator.url);
});
afterAll(() => gate.close());

async function previousObject(key: string): Promise<{ bytes: Buffer; generation: unknown }> {
  const file = emulator.storage.bucket(emulator.bucket).file(key);
  const bytes = randomBytes(4096);
  await file.save(bytes, { resumable: false });
  const [metadata] = await file.getMetadata();
  return { bytes, generation: metadata.generation };
}

async function expectUnchanged(key: string, before: { bytes: Buffer; generation: unknown }) {
  await setTimeout(LATE_REQUESTS_MS);
  expect(emulator.openUploads()).toBe(0);
  const file = emulator.storage.bucket(emulator.bucket).file(key);
  const [metadata] = await file.getMetadata();
  expect(metadata.generation).toBe(before.generation);
  expect(Buffer.compare((await file.download())[0], before.bytes)).toBe(0);
}

/** The put's rejection, checked to be an AbortedError for `key` caused by `reason`. */
async function expectAborted(put: Promise<unknown>, key: string, reason: unknown) {
  const error = await expectStowageError(put, 'ABORTED');
  expect(error.cause).toBe(reason);
  expect(error.message).toContain(JSON.stringify(key));
}

/** 1 MiB chunks without end; `onChunk` sees each chunk's index before it is yielded. */
async function* endless(onChunk: (index: number) => void = () => {}): AsyncGenerator<Buffer> {
  for (let index = 0; ; index++) {
    onChunk(index);
    yield randomBytes(MIB);
  }
}

async function untilOpenUploads(count: number): Promise<void> {
  while (emulator.openUploads() !== count) await setTimeout(5);
}

describe('put() with an AbortSignal on GCS', () => {
  it('rejects before any request when the signal has already fired, for every kind of body', async () => {
    const store = emulator.store({ apiEndpoint: gate.url });
    const key = 'abort/before.bin';
    const before = await previousObject(key);
    const reason = new Error('caller gave up');
    const signal = AbortSignal.abort(reason);
    const requests = gate.requests;
    await expectAborted(store.put(key, 'small', { signal }), key, reason);
    await expectAborted(store.put(key, randomBytes(2 * MIB), { signal }), key, reason);
    await expectAborted(store.put(key, endless(), { signal }), key, reason);
    expect(gate.requests).toBe(requests);
    await expectUnchanged(key, before);
  });

  it('rejects promptly while waiting on a stalled source after its first chunk, and cancels the session', async () => {
    const store = emulator.store();
    const key = 'abort/stalled.bin';
    const before = await previousObject(key);
    const source = new Readable({ read() {} });
    source.push(randomBytes(256 * 1024)); // then nothing, ever
    const controller = new AbortController();
    const put = store.put(key, source, { signal: controller.signal });
    await untilOpenUploads(1);
    await setTimeout(50); // the first chunk is with the SDK; put() now awaits the source
    const reason = new Error('stalled');
    const abortedAt = Date.now();
    controller.abort(reason);
    await expectAborted(put, key, reason);
    expect(Date.now() - abortedAt).toBeLessThan(PROMPT_MS);
    expect(emulator.openUploads()).toBe(0);
    // The source is told to stop.
    expect(source.destroyed).toBe(true);
    await expectUnchanged(key, before);
  });

  it('rejects promptly during a multi-MiB upload that the source aborts itself', async () => {
    const store = emulator.store();
    const key = 'abort/midway.bin';
    const before = await previousObject(key);
    const controller = new AbortController();
    const reason = new Error('enough');
    const put = store.put(
      key,
      endless((index) => {
        if (index === 6) controller.abort(reason);
      }),
      { signal: controller.signal },
    );
    await expectAborted(put, key, reason);
    expect(emulator.openUploads()).toBe(0);
    await expectUnchanged(key, before);
  });

  it('rejects promptly while the SDK is held mid-request by the service, and cancels the session', async () => {
    const store = emulator.store({ apiEndpoint: gate.url });
    const key = 'abort/held.bin';
    const before = await previousObject(key);
    // The service stops reading the upload request: the SDK's buffers fill and put() awaits it.
    const upload = gate.hold(
      (request) => request.method === 'PUT' && (request.url ?? '').includes('upload_id='),
    );
    const controller = new AbortController();
    const put = store.put(key, endless(), { signal: controller.signal });
    await upload.reached;
    await setTimeout(100);
    const reason = new Error('service too slow');
    const abortedAt = Date.now();
    controller.abort(reason);
    await expectAborted(put, key, reason);
    expect(Date.now() - abortedAt).toBeLessThan(PROMPT_MS);
    expect(emulator.openUploads()).toBe(0);
    // The SDK's own request is stopped too, not left open waiting for bytes.
    const stopped = await Promise.race([
      upload.whenAbandoned().then(() => true),
      setTimeout(PROMPT_MS).then(() => false),
    ]);
    expect(stopped).toBe(true);
    await expectUnchanged(key, before);
  });

  it('waits for a session being created when aborted meanwhile, and cancels it', async () => {
    const store = emulator.store({ apiEndpoint: gate.url });
    const key = 'abort/creating.bin';
    const before = await previousObject(key);
    const creation = gate.hold(
      (request) => request.method === 'POST' && (request.url ?? '').includes('uploadType=resumable'),
    );
    const controller = new AbortController();
    const put = store.put(key, endless(), { signal: controller.signal });
    let settled = false;
    put
      .catch(() => {})
      .finally(() => {
        settled = true;
      });
    await creation.reached;
    const reason = new Error('changed my mind');
    controller.abort(reason);
    await setTimeout(50);
    expect(settled).toBe(false); // an abort cannot cancel a session whose URI is not known yet
    creation.release();
    await expectAborted(put, key, reason);
    expect(emulator.openUploads()).toBe(0);
    await expectUnchanged(key, before);
  });

  it('leaves nothing at a new key when aborted mid-upload', async () => {
    const store = emulator.store();
    const key = 'abort/new.bin';
    const controller = new AbortController();
    const put = store.put(
      key,
      endless((index) => {
        if (index === 3) controller.abort();
      }),
      { signal: controller.signal },
    );
    const error = await put.catch((caught: unknown) => caught);
    expect(isStowageError(error, 'ABORTED')).toBe(true);
    await setTimeout(LATE_REQUESTS_MS);
    expect(emulator.openUploads()).toBe(0);
    expect((await emulator.storage.bucket(emulator.bucket).file(key).exists())[0]).toBe(false);
  });
});
