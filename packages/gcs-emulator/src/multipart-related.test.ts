import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundaryOf, readMultipart } from './multipart-related.ts';

async function parts(body: Buffer, boundary: string, pieceSize: number) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += pieceSize) pieces.push(body.subarray(i, i + pieceSize));
  const collected: { headers: ReadonlyMap<string, string>; data: Buffer[] }[] = [];
  const count = await readMultipart(Readable.from(pieces), boundary, (_index, headers) => {
    const part = { headers, data: [] as Buffer[] };
    collected.push(part);
    return { write: (chunk) => void part.data.push(Buffer.from(chunk)) };
  });
  return {
    count,
    parts: collected.map((part) => ({ headers: part.headers, body: Buffer.concat(part.data) })),
  };
}

describe('readMultipart', () => {
  const media = Buffer.concat([Buffer.from('binary\r\n--not-the-boundary\r\n'), Buffer.alloc(300, 0xff)]);
  const body = Buffer.concat([
    Buffer.from(
      '--b0undary\r\nContent-Type: application/json\r\n\r\n{"name":"x"}\r\n--b0undary\r\nContent-Type: image/png\r\n\r\n',
    ),
    media,
    Buffer.from('\r\n--b0undary--'),
  ]);

  it('splits parts whatever the chunking of the stream', async () => {
    for (const pieceSize of [1, 3, 7, 64, body.length]) {
      const result = await parts(body, 'b0undary', pieceSize);
      expect(result.count).toBe(2);
      expect(result.parts[0]?.headers.get('content-type')).toBe('application/json');
      expect(result.parts[0]?.body.toString()).toBe('{"name":"x"}');
      expect(result.parts[1]?.headers.get('content-type')).toBe('image/png');
      expect(result.parts[1]?.body).toEqual(media);
    }
  });

  it('rejects a body that ends before the closing boundary', async () => {
    await expect(parts(body.subarray(0, body.length - 15), 'b0undary', 10)).rejects.toThrow(
      'Malformed multipart',
    );
  });

  it('reads the boundary from the content type', () => {
    expect(boundaryOf('multipart/related; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/related; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeUndefined();
  });
});
