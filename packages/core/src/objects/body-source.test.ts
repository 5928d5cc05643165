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
});
