// Cuts a body into multipart-upload parts of exactly `partSize` bytes (the last may be shorter;
// an empty body gives one empty part). Every byte is copied once into the part's own buffer, so
// the caller may reuse its chunks, and a part buffer grows by doubling, so a small body never
// costs a whole part's worth of memory. Full-size buffers the consumer is done with can be handed
// back through `spare`: reusing them keeps a long upload at a fixed few buffers instead of
// leaving a trail of dead 8 MiB buffers for the garbage collector.

const FIRST_CAPACITY = 64 * 1024;

export async function* bodyParts(
  chunks: AsyncIterable<Buffer>,
  partSize: number,
  spare: Buffer[] = [],
): AsyncGenerator<Buffer> {
  let part: Buffer = Buffer.alloc(0);
  let length = 0;
  let yielded = false;
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(partSize - length, chunk.length - offset);
      if (length + take > part.length) {
        // Once a body has filled one part, the next ones will be full too: no more doubling.
        const wanted = yielded ? partSize : Math.max(length + take, part.length * 2, FIRST_CAPACITY);
        const capacity = Math.min(partSize, wanted);
        const reused = capacity === partSize ? spare.pop() : undefined;
        const grown = reused?.length === partSize ? reused : Buffer.allocUnsafe(capacity);
        part.copy(grown, 0, 0, length);
        part = grown;
      }
      chunk.copy(part, length, offset, offset + take);
      length += take;
      offset += take;
      if (length === partSize) {
        yield part;
        yielded = true;
        part = Buffer.alloc(0);
        length = 0;
      }
    }
  }
  if (length > 0 || !yielded) yield part.subarray(0, length);
}
