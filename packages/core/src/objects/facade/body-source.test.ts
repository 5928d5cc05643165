import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bodyChunks } from './body-source.ts';

async function bytesOf(body: Parameters<typeof bodyChunks>[0]): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of bodyChunks(body)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('bodyChunks', () => {
  it('reads only the viewed bytes of a Uint8Array that is a window on a larger buffer', async () => {
    const backing = Buffer.from('xxhelloxx');
    expect(await bytesOf(new Uint8Array(backing.buffer, backing.byteOffset + 2, 5))).toBe('hello');
  });

  it('accepts strings inside streams and iterables, encoded as UTF-8', async () => {
    expect(await bytesOf(Readable.from(['名', Buffer.from('前')]))).toBe('名前');
    async function* parts() {
      yield 'a';
      yield new Uint8Array([0x62]);
    }
    expect(await bytesOf(parts())).toBe('ab');
  });

  it('propagates the source error unchanged', async () => {
    const boom = new Error('boom');
    async function* failing() {
      yield 'a';
      throw boom;
    }
    await expect(bytesOf(failing())).rejects.toBe(boom);
  });

  it('rejects values that are not bodies with a VALIDATION error', async () => {
    await expect(bytesOf(42 as never)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(bytesOf(Readable.from([{ not: 'bytes' }]))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('stops a source that never sends its next chunk when the signal fires, and destroys a Readable', async () => {
    const stalled = new Readable({ read() {} });
    stalled.push('first');
    const controller = new AbortController();
    const chunks = bodyChunks(stalled, { signal: controller.signal, key: 'k' });
    expect((await chunks.next()).value?.toString()).toBe('first');
    const pending = chunks.next();
    const reason = new Error('client went away');
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', cause: reason, context: { key: 'k' } });
    expect(stalled.destroyed).toBe(true);
  });

  it('ends a generator source after an abort between chunks', async () => {
    const controller = new AbortController();
    let closed = false;
    async function* parts() {
      try {
        yield 'a';
        controller.abort();
        yield 'b';
        yield 'never read';
      } finally {
        closed = true;
      }
    }
    const read: string[] = [];
    const error = await (async () => {
      for await (const chunk of bodyChunks(parts(), { signal: controller.signal }))
        read.push(chunk.toString());
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect(read).toEqual(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });

  it('refuses to start with a signal that has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(bytesOf2('body', controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

async function bytesOf2(body: string, signal: AbortSignal): Promise<void> {
  for await (const _ of bodyChunks(body, { signal })) {
    // read to the end
  }
}
