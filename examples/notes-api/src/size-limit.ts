// Counts an upload's bytes as they stream and fails the stream past the limit, so an oversized
// body is refused part-way (the transaction then rolls back and its staged copy is removed)
// instead of being buffered or stored first.
import { Transform } from 'node:stream';

export interface SizeLimit {
  stream: Transform;
  /** True once the body went past the limit (whatever error the store then reported). */
  readonly exceeded: boolean;
}

export function sizeLimit(maxBytes: number): SizeLimit {
  let seen = 0;
  let exceeded = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) {
        exceeded = true;
        done(new Error(`upload is larger than ${maxBytes} bytes`));
        return;
      }
      done(null, chunk);
    },
  });
  return {
    stream,
    get exceeded() {
      return exceeded;
    },
  };
}
