// A streaming reader for multipart/related bodies (uploadType=multipart): part headers are parsed,
// part bodies are handed on chunk by chunk so a large media part never sits in one buffer.
import { ApiError } from './api-error.ts';

export interface PartSink {
  write(chunk: Buffer): Promise<void> | void;
}

export type PartOpener = (index: number, headers: ReadonlyMap<string, string>) => PartSink;

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function malformed(): ApiError {
  return ApiError.invalid('Malformed multipart body.');
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\//i.test(contentType.trim())) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Reads every part of `source`; resolves with the number of parts. */
export async function readMultipart(
  source: AsyncIterable<Buffer>,
  boundary: string,
  openPart: PartOpener,
): Promise<number> {
  const iterator = source[Symbol.asyncIterator]();
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let pending: Buffer = Buffer.alloc(0);
  const more = async (): Promise<void> => {
    const next = await iterator.next();
    if (next.done) throw malformed();
    pending = pending.length === 0 ? next.value : Buffer.concat([pending, next.value]);
  };
  let at = pending.indexOf(dashBoundary);
  while (at < 0) {
    await more();
    at = pending.indexOf(dashBoundary);
  }
  pending = pending.subarray(at + dashBoundary.length);
  for (let index = 0; ; index++) {
    while (pending.length < 2) await more();
    if (pending[0] === 0x2d && pending[1] === 0x2d) {
      // Close delimiter: drain whatever epilogue follows.
      while (!(await iterator.next()).done) {}
      return index;
    }
    let lineEnd = pending.indexOf(CRLF);
    while (lineEnd < 0) {
      await more();
      lineEnd = pending.indexOf(CRLF);
    }
    pending = pending.subarray(lineEnd + 2);
    let headers: Map<string, string>;
    while (pending.length < 2) await more();
    if (pending[0] === 0x0d && pending[1] === 0x0a) {
      headers = new Map();
      pending = pending.subarray(2);
    } else {
      let headerEnd = pending.indexOf(HEADER_END);
      while (headerEnd < 0) {
        if (pending.length > 64 * 1024) throw malformed();
        await more();
        headerEnd = pending.indexOf(HEADER_END);
      }
      headers = parseHeaders(pending.subarray(0, headerEnd).toString('latin1'));
      pending = pending.subarray(headerEnd + 4);
    }
    const sink = openPart(index, headers);
    for (;;) {
      const found = pending.indexOf(delimiter);
      if (found >= 0) {
        if (found > 0) await sink.write(pending.subarray(0, found));
        pending = pending.subarray(found + delimiter.length);
        break;
      }
      const safe = pending.length - (delimiter.length - 1);
      if (safe > 0) {
        await sink.write(pending.subarray(0, safe));
        pending = pending.subarray(safe);
      }
      await more();
    }
  }
}
