// The JSON API's etag is base64 of a tiny protobuf {1: generation, 2: metageneration}
// ("CJDn5fXXx4EDEAE="); building it the same way keeps etags changing exactly when the real ones do.

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0n);
  return bytes;
}

export function objectEtag(generation: number, metageneration: number): string {
  const bytes = [0x08, ...varint(BigInt(generation)), 0x10, ...varint(BigInt(metageneration))];
  return Buffer.from(bytes).toString('base64');
}

export function bucketEtag(metageneration: number): string {
  return Buffer.from([0x08, ...varint(BigInt(metageneration))]).toString('base64');
}
