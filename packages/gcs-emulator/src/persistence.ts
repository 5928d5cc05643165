// Where buckets and objects live beyond the in-memory index: nowhere (memory mode) or a folder.
// The Store decides every change synchronously and then asks the persistence to record it.
import type { BlobWriter } from './blob-writer.ts';
import type { BucketRecord, ObjectRecord } from './records.ts';
import type { StoredBlob } from './stored-blob.ts';

export interface LoadedState {
  buckets: BucketRecord[];
  objects: ObjectRecord[];
}

export interface Persistence {
  load(): Promise<LoadedState>;
  newWriter(): Promise<BlobWriter>;
  /** A blob for a new object holding the same bytes as `blob` (copy/rewrite). */
  duplicate(blob: StoredBlob): Promise<StoredBlob>;
  /** Releases a blob no record points at any more. */
  dropBlob(blob: StoredBlob): Promise<void>;
  saveBucket(bucket: BucketRecord): Promise<void>;
  removeBucket(name: string): Promise<void>;
  saveObject(object: ObjectRecord): Promise<void>;
  removeObject(object: ObjectRecord): Promise<void>;
  /** Resolves once every queued write has reached the disk. */
  flush(): Promise<void>;
}
