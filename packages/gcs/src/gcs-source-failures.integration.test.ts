// A put whose source fails, at every point of a resumable upload: no session may stay open on the
// emulator, nothing may appear at a new key, and an object already at the key stays as it was.
// The official SDK checks the bucket behind the adapter's back.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout } from 'node:timers/promises';
import { rejectionOf } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatedEndpoint, gatedEndpoint } from './gated-endpoint.test-support.ts';
import { useGcsEmulator } from './gcs-emulator.test-support.ts';

const emulator = useGcsEmulator();
const MIB = 1024 * 1024;
/** Time for requests the SDK still had under way to reach the emulator (in this process). */
const LATE_REQUESTS_MS = 250;

/** Yields `bytes` random bytes in pieces of `piece`, then throws instead of ending. */
async function* breaksAfter(bytes: number, piece: number): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < bytes; sent += piece) yield randomBytes(Math.min(piece, bytes - sent));
  throw new Error('source broke');
}

async function previousObject(key: string): Promise<{ bytes: Buffer; generation: unknown }> {
  const file = emulator.storage.bucket(emulator.bucket).file(key);
  const bytes = randomBytes(4096);
  await file.save(bytes, { resumable: false });
  const [metadata] = await file.getMetadata();
  return { bytes, generation: metadata.generation };
}

/**
 * No session open, also a moment later (a session whose creation was under way when put()
 * rejected lands after it); nothing at `fresh`; the object at `kept` is the one written before.
 */
async function expectNoTrace(fresh: string, kept: string, before: { bytes: Buffer; generation: unknown }) {
  expect(emulator.openUploads()).toBe(0);
  await setTimeout(LATE_REQUESTS_MS);
  expect(emulator.openUploads()).toBe(0);
  const bucket = emulator.storage.bucket(emulator.bucket);
  expect((await bucket.file(fresh).exists())[0]).toBe(false);
  const [metadata] = await bucket.file(kept).getMetadata();
  expect(metadata.generation).toBe(before.generation);
  const [bytes] = await bucket.file(kept).download();
  expect(Buffer.compare(bytes, before.bytes)).toBe(0);
}

describe('a source that fails leaves no resumable session and nothing at the key', () => {
  const points = [
    { when: 'before its first byte (no session is opened yet)', bytes: 0, piece: MIB },
    { when: 'after 1 byte', bytes: 1, piece: MIB },
    { when: 'after 3 MiB, mid-request and mid 256 KiB unit', bytes: 3 * MIB + 1000, piece: MIB },
    { when: 'at the end, throwing instead of ending after 8 MiB', bytes: 8 * MIB, piece: 64 * 1024 },
  ];
  for (const { when, bytes, piece } of points) {
    it(`fails ${when}`, async () => {
      const store = emulator.store();
      const fresh = `fail/${bytes}/new.bin`;
      const kept = `fail/${bytes}/old.bin`;
      const before = await previousObject(kept);
      for (const key of [fresh, kept]) {
        const error = await rejectionOf(store.put(key, breaksAfter(bytes, piece)));
        // The source's own error, unchanged.
        expect((error as Error).message).toBe('source broke');
      }
      await expectNoTrace(fresh, kept, before);
    });
  }

  describe('while the session is being created', () => {
    let gate: GatedEndpoint;
    beforeAll(async () => {
      gate = await gatedEndpoint(emulator.url);
    });
    afterAll(() => gate.close());

    it('cancels the session the creation opened once it answers', async () => {
      const store = emulator.store({ apiEndpoint: gate.url });
      const fresh = 'fail/creating/new.bin';
      const kept = 'fail/creating/old.bin';
      const before = await previousObject(kept);
      for (const key of [fresh, kept]) {
        const source = new Readable({ read() {} });
        source.push(randomBytes(1024));
        const creation = gate.hold(
          (request) => request.method === 'POST' && (request.url ?? '').includes('uploadType=resumable'),
        );
        const put = rejectionOf(store.put(key, source));
        await creation.reached;
        source.destroy(new Error('source broke'));
        creation.release();
        expect(((await put) as Error).message).toBe('source broke');
      }
      await expectNoTrace(fresh, kept, before);
    });
  });
});
