import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { watchForMarker } from './marker-watch.ts';

async function through(pieces: string[], stream: NodeJS.ReadWriteStream) {
  const chunks: Buffer[] = [];
  const piped = Readable.from(pieces.map((piece) => Buffer.from(piece))).pipe(stream);
  for await (const chunk of piped) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

it('sees a marker split across chunks, once, and passes every byte through', async () => {
  let seen = 0;
  const pieces = ['-- header\n/* x */;\nCREA', 'TE', ' TABLE `a` (\n', 'CREATE TABLE `b`'];
  expect(
    await through(
      pieces,
      watchForMarker('\nCREATE TABLE', () => seen++),
    ),
  ).toBe(pieces.join(''));
  expect(seen).toBe(1);
});

it('does not see a marker that never comes, nor one without its leading newline', async () => {
  let seen = 0;
  await through(
    ['-- Database: CREATE TABLE', ' x', '\nCREATE TABL', 'E'],
    watchForMarker('\nCREATE TABLE', () => seen++),
  );
  expect(seen).toBe(1);
  seen = 0;
  await through(
    ['x CREATE TABLE'],
    watchForMarker('\nCREATE TABLE', () => seen++),
  );
  expect(seen).toBe(0);
});
