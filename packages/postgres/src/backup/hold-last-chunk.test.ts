import type { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { holdLastChunk } from './hold-last-chunk.ts';

/** Everything `hold` has passed on so far. */
function collect(hold: PassThrough | ReturnType<typeof holdLastChunk>) {
  const seen: string[] = [];
  hold.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
  return seen;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('holdLastChunk', () => {
  it('passes the last chunk on only when its input ends', async () => {
    const hold = holdLastChunk();
    const seen = collect(hold);
    hold.write('a');
    hold.write('b');
    await tick();
    expect(seen).toEqual(['a']);
    hold.end();
    await tick();
    expect(seen).toEqual(['a', 'b']);
  });

  it('never passes the last chunk on when its input fails', async () => {
    const hold = holdLastChunk();
    const seen = collect(hold);
    hold.on('error', () => {});
    hold.write('a');
    hold.write('b');
    await tick();
    hold.destroy(new Error('checksum mismatch'));
    await tick();
    expect(seen).toEqual(['a']);
  });
});
