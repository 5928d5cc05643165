// ObjectInfo from an object resource of the GCS JSON API (what getMetadata(), list and uploads
// return). GCS reports md5 as base64 (absent on composite objects) and crc32c as base64; the
// contract wants md5 as hex.
import type { ObjectInfo } from '@stowage/core';
import { DEFAULT_CONTENT_TYPE } from '@stowage/core/adapter';

/** The fields of an object resource the adapter reads; sizes and generations come as strings. */
export interface GcsObjectResource {
  name?: string;
  size?: string | number;
  contentType?: string;
  cacheControl?: string;
  metadata?: Record<string, unknown> | null;
  updated?: string;
  etag?: string;
  md5Hash?: string;
  crc32c?: string;
  generation?: string | number;
}

export function objectInfoFrom(key: string, resource: GcsObjectResource): ObjectInfo {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(resource.metadata ?? {})) {
    // A PATCH with null removes a key; the API may still echo it as null.
    if (typeof value === 'string') metadata[name] = value;
  }
  const checksums: ObjectInfo['checksums'] = {};
  if (resource.md5Hash) checksums.md5 = Buffer.from(resource.md5Hash, 'base64').toString('hex');
  if (resource.crc32c) checksums.crc32c = resource.crc32c;
  const info: ObjectInfo = {
    key,
    size: Number(resource.size ?? 0),
    contentType: resource.contentType || DEFAULT_CONTENT_TYPE,
    metadata,
    lastModified: new Date(resource.updated ?? 0),
    checksums,
  };
  if (resource.etag) info.etag = resource.etag;
  if (resource.cacheControl) info.cacheControl = resource.cacheControl;
  return info;
}
