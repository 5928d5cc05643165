// Serving an object's bytes (alt=media, /download/..., signed GET): the x-goog-* headers the SDK
// validates downloads with, single byte ranges (206/416), and decompressive transcoding of
// gzip-encoded objects (see transcoding.ts).
import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ApiError } from './api-error.ts';
import { parseRange } from './byte-range.ts';
import { objectEtag } from './etag.ts';
import { type Exchange, header } from './exchange.ts';
import type { ObjectRecord } from './records.ts';
import { servesDecompressed } from './transcoding.ts';
import { XmlError } from './xml-error.ts';

export interface MediaOptions {
  /** XML-API style (signed URLs): quoted MD5 ETag and XML errors. */
  readonly xml: boolean;
  /** Replace stored headers (a signed GET's response-content-* parameters). */
  readonly overrides?: Readonly<Record<string, string>>;
}

export function mediaHeaders(record: ObjectRecord, xml: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'content-type': record.contentType ?? 'application/octet-stream',
    'x-goog-generation': String(record.generation),
    'x-goog-metageneration': String(record.metageneration),
    'x-goog-stored-content-length': String(record.size),
    'x-goog-stored-content-encoding': record.contentEncoding ?? 'identity',
    'x-goog-hash':
      record.md5Hash === undefined
        ? `crc32c=${record.crc32c}`
        : `crc32c=${record.crc32c},md5=${record.md5Hash}`,
    'x-goog-storage-class': record.storageClass ?? 'STANDARD',
    'last-modified': new Date(record.updated).toUTCString(),
    etag: xml ? xmlEtag(record) : objectEtag(record.generation, record.metageneration),
    'cache-control': record.cacheControl ?? 'no-cache, no-store, max-age=0, must-revalidate',
    'accept-ranges': 'bytes',
  };
  if (record.componentCount !== undefined) headers['x-goog-component-count'] = String(record.componentCount);
  if (record.contentDisposition !== undefined) headers['content-disposition'] = record.contentDisposition;
  if (record.contentLanguage !== undefined) headers['content-language'] = record.contentLanguage;
  for (const [key, value] of Object.entries(record.metadata ?? {})) {
    if (/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(key)) headers[`x-goog-meta-${key}`] = encodeHeaderValue(value);
  }
  return headers;
}

/** The XML API's ETag: the quoted hex MD5, or a CRC-based one for composite objects. */
export function xmlEtag(record: ObjectRecord): string {
  if (record.md5Hash === undefined) return `"-${Buffer.from(record.crc32c, 'base64').toString('hex')}"`;
  return `"${Buffer.from(record.md5Hash, 'base64').toString('hex')}"`;
}

/** The headers an XML-API write answers with (upload, POST policy form). */
export function xmlWriteHeaders(record: ObjectRecord): Record<string, string> {
  return {
    etag: xmlEtag(record),
    'x-goog-generation': String(record.generation),
    'x-goog-metageneration': String(record.metageneration),
    'x-goog-hash': `crc32c=${record.crc32c},md5=${record.md5Hash}`,
    'x-goog-stored-content-length': String(record.size),
    'x-goog-stored-content-encoding': record.contentEncoding ?? 'identity',
  };
}

function encodeHeaderValue(value: string): string {
  // Header values must be latin-1 without control characters.
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}

export async function sendMedia(
  exchange: Exchange,
  record: ObjectRecord,
  options: MediaOptions,
): Promise<void> {
  const { res } = exchange;
  const head = exchange.method === 'HEAD';
  const headers = { ...mediaHeaders(record, options.xml), ...options.overrides };
  if (servesDecompressed(record, header(exchange, 'accept-encoding'))) {
    // The stored bytes are gunzipped on the way out: the length is unknown and Range is ignored.
    headers.warning = '214 UploadServer gunzipped';
    delete headers['accept-ranges'];
    res.writeHead(200, headers);
    if (head) return void res.end();
    await pipeline(record.blob.open(0, record.size), createGunzip(), res);
    return;
  }
  if (record.contentEncoding !== undefined) headers['content-encoding'] = record.contentEncoding;
  const range = parseRange(header(exchange, 'range'), record.size);
  if (range.kind === 'unsatisfiable') {
    if (options.xml) {
      throw new XmlError(
        416,
        'InvalidRange',
        'The requested range cannot be satisfied.',
        header(exchange, 'range'),
      );
    }
    throw ApiError.rangeNotSatisfiable();
  }
  let start = 0;
  let end = record.size;
  let status = 200;
  if (range.kind === 'partial') {
    ({ start, end } = range);
    status = 206;
    headers['content-range'] = `bytes ${start}-${end - 1}/${record.size}`;
  }
  headers['content-length'] = end - start;
  // Open before writing headers so a missing file surfaces as an error, not a truncated body.
  const body = head ? undefined : record.blob.open(start, end);
  res.writeHead(status, headers);
  if (body === undefined) return void res.end();
  await pipeline(body, res);
}
