// ObjectInfo <-> S3 headers. User metadata travels as x-amz-meta-<name>, values in core's header
// form (RFC 2047 encoded words where HTTP would mangle them).
// Stowage's own MD5 for multipart uploads lives under x-amz-meta-stowage.md5: the "." cannot occur
// in a user metadata name, so it never collides with one.
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectInfo } from '@stowage/core';
import {
  DEFAULT_CONTENT_TYPE,
  decodeMetadataValue,
  encodeMetadataValue,
  type ResolvedPutOptions,
} from '@stowage/core/adapter';

const META = 'x-amz-meta-';
export const MD5_META = 'stowage.md5';
const MD5_HEX = /^[0-9a-f]{32}$/;

/** The headers that give an object its attributes on PutObject, CreateMultipartUpload or a copy. */
export function attributeHeaders(
  options: Pick<ResolvedPutOptions, 'contentType' | 'cacheControl' | 'metadata'>,
  md5?: string,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': options.contentType };
  if (options.cacheControl !== undefined) headers['cache-control'] = options.cacheControl;
  for (const [name, value] of Object.entries(options.metadata))
    headers[META + name] = encodeMetadataValue(value);
  if (md5 !== undefined) headers[META + MD5_META] = md5;
  return headers;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The etag without the quotes S3 puts around it. */
export function bareEtag(value: string | undefined): string | undefined {
  const bare = value?.replace(/^(W\/)?"(.*)"$/, '$2');
  return bare ? bare : undefined;
}

/**
 * ObjectInfo from a HEAD or GET response. A ranged GET's Content-Length is the range's; its
 * Content-Range ("bytes 0-9/1234") carries the object's size.
 */
export function infoFromHeaders(key: string, headers: IncomingHttpHeaders): ObjectInfo {
  const total = /\/(\d+)$/.exec(header(headers, 'content-range') ?? '')?.[1];
  const size = Number(total ?? header(headers, 'content-length') ?? 0);
  const metadata: Record<string, string> = {};
  let storedMd5: string | undefined;
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith(META) || raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const short = name.slice(META.length);
    if (short === MD5_META) storedMd5 = value;
    else metadata[short] = decodeMetadataValue(value);
  }
  const etag = bareEtag(header(headers, 'etag'));
  // A single-part upload's ETag is its MD5; a multipart one ends in "-<parts>" and is not.
  const md5 =
    storedMd5 && MD5_HEX.test(storedMd5) ? storedMd5 : etag && MD5_HEX.test(etag) ? etag : undefined;
  const lastModified = new Date(header(headers, 'last-modified') ?? header(headers, 'date') ?? Date.now());
  const info: ObjectInfo = {
    key,
    size,
    contentType: header(headers, 'content-type') || DEFAULT_CONTENT_TYPE,
    metadata,
    lastModified,
    checksums: md5 ? { md5 } : {},
  };
  const cacheControl = header(headers, 'cache-control');
  if (cacheControl !== undefined) info.cacheControl = cacheControl;
  if (etag !== undefined) info.etag = etag;
  return info;
}
