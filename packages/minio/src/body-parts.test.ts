import { describe, expect, it } from 'vitest';
import { bodyParts } from './body-parts.ts';

async function collect(chunks: Buffer[], partSize: number): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const part of bodyParts(source(), partSize)) parts.push(Buffer.from(part));
  return parts;
}

describe('bodyParts', () => {
  it('cuts any chunking into parts of exactly partSize, the last one shorter', async () => {
    const data = Buffer.from('abcdefghijklmnopqrstuvwxyz');
    const chunkings = [
      [data],
      [data.subarray(0, 1), data.subarray(1, 20), data.subarray(20)],
      [...data].map((b) => Buffer.from([b])),
    ];
    for (const chunks of chunkings) {
      const parts = await collect(chunks, 10);
      expect(parts.map((p) => p.toString())).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
    }
  });

  it('gives one empty part for an empty body and no empty trailing part', async () => {
    expect((await collect([], 10)).map((p) => p.length)).toEqual([0]);
    expect((await collect([Buffer.alloc(20)], 10)).map((p) => p.length)).toEqual([10, 10]);
  });

  it('copies: reusing a chunk buffer after it was read does not change a part', async () => {
    const shared = Buffer.from('aaaa');
    const parts: Buffer[] = [];
    async function* source() {
      yield shared;
      shared.fill('b');
      yield shared;
    }
    for await (const part of bodyParts(source(), 3)) parts.push(part);
    expect(parts.map((p) => p.toString())).toEqual(['aaa', 'abb', 'bb']);
  });
});

it('reuses full-size buffers handed back through spare', async () => {
  const spare: Buffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  async function* source() {
    for (let i = 0; i < 8; i++) yield Buffer.alloc(4, i);
  }
  const values: string[] = [];
  for await (const part of bodyParts(source(), 8, spare)) {
    seen.add(part.buffer);
    values.push(part.toString('hex'));
    spare.push(part);
  }
  expect(values).toEqual(['0000000001010101', '0202020203030303', '0404040405050505', '0606060607070707']);
  expect(seen.size).toBeLessThanOrEqual(2);
});
