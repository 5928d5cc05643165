// Folder mode (--data DIR): data survives a restart. Layout:
//   DIR/buckets/<bucket>.json           bucket record
//   DIR/objects/<bucket>/<sha256>.json  live object record (name inside; a hashed file name is always valid)
//   DIR/objects/<bucket>/<sha256>.<generation>.json  a noncurrent generation (versioned buckets)
//   DIR/blobs/<random>.bin              object bytes, written once, never modified
// Blob files get unique names, so an overwrite writes a new file and deletes the old one after the
// record points at the new one; open readers keep their file descriptor. Record writes go through
// one queue so they reach the disk in the order the in-memory index changed.
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BlobWriter, FileBlobWriter } from './blob-writer.ts';
import { upgradeSavedBucket } from './bucket-settings.ts';
import type { LoadedState, Persistence } from './persistence.ts';
import type { BucketRecord, ObjectRecord } from './records.ts';
import { FileBlob, type StoredBlob } from './stored-blob.ts';

type SavedObject = Omit<ObjectRecord, 'blob'> & { blobFile: string };

export class DiskPersistence implements Persistence {
  readonly #root: string;
  #queue: Promise<void> = Promise.resolve();

  constructor(root: string) {
    this.#root = root;
  }

  get #bucketsDir(): string {
    return join(this.#root, 'buckets');
  }

  get #blobsDir(): string {
    return join(this.#root, 'blobs');
  }

  #objectsDir(bucket: string): string {
    return join(this.#root, 'objects', bucket);
  }

  #objectFile(object: ObjectRecord): string {
    const hash = createHash('sha256').update(object.name).digest('hex');
    const file = object.timeDeleted === undefined ? `${hash}.json` : `${hash}.${object.generation}.json`;
    return join(this.#objectsDir(object.bucket), file);
  }

  #newBlobPath(): string {
    return join(this.#blobsDir, `${randomUUID()}.bin`);
  }

  async load(): Promise<LoadedState> {
    await mkdir(this.#bucketsDir, { recursive: true });
    await mkdir(this.#blobsDir, { recursive: true });
    await mkdir(join(this.#root, 'objects'), { recursive: true });
    const buckets: BucketRecord[] = [];
    const objects: ObjectRecord[] = [];
    const referenced = new Set<string>();
    for (const file of await readdir(this.#bucketsDir)) {
      if (!file.endsWith('.json')) continue;
      const saved = JSON.parse(await readFile(join(this.#bucketsDir, file), 'utf8')) as Record<
        string,
        unknown
      >;
      const bucket = upgradeSavedBucket(saved) as unknown as BucketRecord;
      buckets.push(bucket);
      const dir = this.#objectsDir(bucket.name);
      const files = await readdir(dir).catch(() => [] as string[]);
      const live = new Set<string>();
      const noncurrent: ObjectRecord[] = [];
      for (const objectFile of files) {
        if (!objectFile.endsWith('.json')) continue;
        const saved = JSON.parse(await readFile(join(dir, objectFile), 'utf8')) as SavedObject;
        const { blobFile, ...record } = saved;
        referenced.add(blobFile);
        const object = { ...record, blob: new FileBlob(join(this.#blobsDir, blobFile), record.size) };
        if (object.timeDeleted === undefined) {
          live.add(`${object.name}#${object.generation}`);
          objects.push(object);
        } else noncurrent.push(object);
      }
      // A crash between archiving a generation and replacing the live record leaves both: live wins.
      objects.push(...noncurrent.filter((object) => !live.has(`${object.name}#${object.generation}`)));
    }
    // Bytes of uploads that never completed, or of objects whose record was replaced before a crash.
    for (const file of await readdir(this.#blobsDir)) {
      if (!referenced.has(file)) await rm(join(this.#blobsDir, file), { force: true });
    }
    return { buckets, objects };
  }

  async newWriter(): Promise<BlobWriter> {
    return new FileBlobWriter(this.#newBlobPath());
  }

  async duplicate(blob: StoredBlob): Promise<StoredBlob> {
    if (!(blob instanceof FileBlob)) throw new Error('disk persistence only holds file blobs');
    const target = this.#newBlobPath();
    // Blob files are never modified, so a hard link is a safe, instant copy.
    await link(blob.path, target).catch(() => copyFile(blob.path, target));
    return new FileBlob(target, blob.size);
  }

  dropBlob(blob: StoredBlob): Promise<void> {
    return this.#enqueue(async () => {
      if (blob instanceof FileBlob) await rm(blob.path, { force: true });
    });
  }

  saveBucket(bucket: BucketRecord): Promise<void> {
    return this.#enqueue(() => writeAtomically(join(this.#bucketsDir, `${bucket.name}.json`), bucket));
  }

  removeBucket(name: string): Promise<void> {
    return this.#enqueue(async () => {
      await rm(join(this.#bucketsDir, `${name}.json`), { force: true });
      await rm(this.#objectsDir(name), { recursive: true, force: true });
    });
  }

  saveObject(object: ObjectRecord): Promise<void> {
    return this.#enqueue(async () => {
      const { blob, ...record } = object;
      if (!(blob instanceof FileBlob)) throw new Error('disk persistence only holds file blobs');
      const saved: SavedObject = { ...record, blobFile: blob.path.slice(this.#blobsDir.length + 1) };
      await mkdir(this.#objectsDir(object.bucket), { recursive: true });
      await writeAtomically(this.#objectFile(object), saved);
    });
  }

  removeObject(object: ObjectRecord): Promise<void> {
    return this.#enqueue(() => rm(this.#objectFile(object), { force: true }));
  }

  flush(): Promise<void> {
    return this.#enqueue(async () => {});
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}

async function writeAtomically(path: string, value: unknown): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(value));
  await rename(temporary, path);
}
