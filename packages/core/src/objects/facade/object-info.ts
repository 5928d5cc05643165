// Builds the ObjectInfo every in-process store returns, with md5 as both checksum and etag.
import type { ObjectInfo } from '../../contracts/object-store.ts';

export interface StoredObjectFields {
  key: string;
  size: number;
  contentType: string;
  cacheControl: string | undefined;
  metadata: Record<string, string>;
  md5: string;
  lastModified: Date;
}

/**
 * A fresh ObjectInfo (callers may mutate it freely). The etag is the md5 as lower-case hex,
 * without the quotes S3 puts around it.
 */
export function objectInfo(fields: StoredObjectFields): ObjectInfo {
  const info: ObjectInfo = {
    key: fields.key,
    size: fields.size,
    contentType: fields.contentType,
    metadata: { ...fields.metadata },
    lastModified: new Date(fields.lastModified.getTime()),
    etag: fields.md5,
    checksums: { md5: fields.md5 },
  };
  if (fields.cacheControl !== undefined) info.cacheControl = fields.cacheControl;
  return info;
}

/** A deep copy, so a store can hand out its ObjectInfo without sharing mutable parts. */
export function cloneObjectInfo(info: ObjectInfo): ObjectInfo {
  return {
    ...info,
    metadata: { ...info.metadata },
    lastModified: new Date(info.lastModified.getTime()),
    checksums: { ...info.checksums },
  };
}
