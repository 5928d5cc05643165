import { Readable } from 'node:stream';
import { readAll } from '@stowage/testkit';
import { expect, it } from 'vitest';
import { keepTail } from './keep-tail.ts';

/** What comes out of `stream` when `pieces` are written into it, one chunk each. */
async function through(pieces: string[], stream: NodeJS.ReadWriteStream) {
  return (await readAll(Readable.from(pieces.map((piece) => Buffer.from(piece))).pipe(stream))).toString();
}

it('keeps the last bytes of a stream, across chunks', async () => {
  const tail = keepTail(10);
  expect(await through(['abc', 'defghijklmnop', 'qr'], tail)).toBe('abcdefghijklmnopqr');
  expect(tail.tail()).toBe('ijklmnopqr');
});
