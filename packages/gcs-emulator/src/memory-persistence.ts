// Memory mode: blobs are chunk lists, immutable, so a copy shares them and nothing needs saving.
import { type BlobWriter, MemoryBlobWriter } from './blob-writer.ts';
import type { LoadedState, Persistence } from './persistence.ts';
import type { StoredBlob } from './stored-blob.ts';

export class MemoryPersistence implements Persistence {
  async load(): Promise<LoadedState> {
    return { buckets: [], objects: [] };
  }

  async newWriter(): Promise<BlobWriter> {
    return new MemoryBlobWriter();
  }

  async duplicate(blob: StoredBlob): Promise<StoredBlob> {
    return blob;
  }

  async dropBlob(): Promise<void> {}
  async saveBucket(): Promise<void> {}
  async removeBucket(): Promise<void> {}
  async saveObject(): Promise<void> {}
  async removeObject(): Promise<void> {}
  async flush(): Promise<void> {}
}
