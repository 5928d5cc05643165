// The JSON resources the API returns for objects and buckets. Numbers that are int64 on the wire
// (generation, metageneration, size) are strings, as on the real service.
import { bucketEtag, objectEtag } from './etag.ts';
import type { BucketRecord, ObjectRecord } from './records.ts';

export function objectPath(bucket: string, name: string): string {
  return `/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(name)}`;
}

export function objectResource(record: ObjectRecord, baseUrl: string): Record<string, unknown> {
  const encodedName = encodeURIComponent(record.name);
  const resource: Record<string, unknown> = {
    kind: 'storage#object',
    id: `${record.bucket}/${record.name}/${record.generation}`,
    selfLink: `${baseUrl}${objectPath(record.bucket, record.name)}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${encodeURIComponent(record.bucket)}/o/${encodedName}?generation=${record.generation}&alt=media`,
    name: record.name,
    bucket: record.bucket,
    generation: String(record.generation),
    metageneration: String(record.metageneration),
    contentType: record.contentType,
    storageClass: record.storageClass,
    size: String(record.size),
    md5Hash: record.md5Hash,
    cacheControl: record.cacheControl,
    contentEncoding: record.contentEncoding,
    contentDisposition: record.contentDisposition,
    contentLanguage: record.contentLanguage,
    metadata: record.metadata,
    crc32c: record.crc32c,
    componentCount: record.componentCount,
    etag: objectEtag(record.generation, record.metageneration),
    temporaryHold: record.temporaryHold,
    eventBasedHold: record.eventBasedHold,
    customTime: record.customTime,
    timeCreated: record.timeCreated,
    updated: record.updated,
    timeStorageClassUpdated: record.timeCreated,
    timeFinalized: record.timeCreated,
    timeDeleted: record.timeDeleted,
  };
  for (const key of Object.keys(resource)) if (resource[key] === undefined) delete resource[key];
  return resource;
}

export function bucketResource(bucket: BucketRecord, baseUrl: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    selfLink: `${baseUrl}/storage/v1/b/${encodeURIComponent(bucket.name)}`,
    id: bucket.name,
    name: bucket.name,
    projectNumber: '0',
    metageneration: String(bucket.metageneration),
    location: bucket.location,
    etag: bucketEtag(bucket.metageneration),
    timeCreated: bucket.timeCreated,
    updated: bucket.updated,
    locationType: 'multi-region',
    ...bucket.settings,
  };
}
