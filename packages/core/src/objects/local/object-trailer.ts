// The local store keeps an object's metadata in the same file as its bytes, after them, so one
// rename publishes both: a concurrent writer can never pair its data with another's metadata.
// Layout: <data bytes> <JSON header> <uint32 BE length of the JSON> <8-byte magic "STOWAGE1">.
// stat() reads only the tail; get() reads only the data bytes.
import type { FileHandle } from 'node:fs/promises';

export const TRAILER_MAGIC = Buffer.from('STOWAGE1', 'latin1');
const FIXED_TAIL = 4 + TRAILER_MAGIC.length;
/** Far above any real header; guards against reading a huge "length" from a damaged file. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export interface TrailerHeader {
  v: 1;
  key: string;
  contentType: string;
  cacheControl?: string;
  metadata: Record<string, string>;
  md5: string;
  size: number;
}

export interface ReadTrailer {
  header: TrailerHeader;
  /** When the file was last written. */
  mtime: Date;
}

export function encodeTrailer(header: TrailerHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([json, length, TRAILER_MAGIC]);
}

/** Thrown for a file in the store that Stowage did not write whole; the store maps it to a typed error. */
export class CorruptObjectFileError extends Error {
  /** What is wrong with the file, e.g. "no trailer". */
  readonly problem: string;
  constructor(file: string, problem: string) {
    super(`local-fs: ${file} is not a complete Stowage object file (${problem})`);
    this.name = 'CorruptObjectFileError';
    this.problem = problem;
  }
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

export async function readTrailer(handle: FileHandle, file: string): Promise<ReadTrailer> {
  const stats = await handle.stat();
  if (stats.size < FIXED_TAIL) throw new CorruptObjectFileError(file, 'too short');
  const tail = await readExactly(handle, FIXED_TAIL, stats.size - FIXED_TAIL);
  if (tail.length !== FIXED_TAIL || !tail.subarray(4).equals(TRAILER_MAGIC)) {
    throw new CorruptObjectFileError(file, 'no trailer');
  }
  const jsonLength = tail.readUInt32BE(0);
  const dataSize = stats.size - FIXED_TAIL - jsonLength;
  if (jsonLength > MAX_HEADER_BYTES || dataSize < 0)
    throw new CorruptObjectFileError(file, 'bad header length');
  const json = await readExactly(handle, jsonLength, dataSize);
  let header: TrailerHeader;
  try {
    header = JSON.parse(json.toString('utf8')) as TrailerHeader;
  } catch {
    throw new CorruptObjectFileError(file, 'unreadable header');
  }
  if (header?.v !== 1 || header.size !== dataSize)
    throw new CorruptObjectFileError(file, 'header does not match');
  return { header, mtime: stats.mtime };
}
