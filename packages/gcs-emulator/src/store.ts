// The emulator's state: buckets and the live generation of every object, indexed in memory and
// mirrored to a Persistence. Each change is decided synchronously (existence, preconditions,
// generation) so concurrent requests cannot interleave a check and a write; only the recording
// of the change is asynchronous.
import { ApiError } from './api-error.ts';
import type { BlobWriter } from './blob-writer.ts';
import { GenerationClock } from './generation-clock.ts';
import type { Persistence } from './persistence.ts';
import { checkWritePreconditions, type Preconditions } from './preconditions.ts';
import type { BucketRecord, ObjectAttributes, ObjectRecord } from './records.ts';
import type { StoredBlob } from './stored-blob.ts';
import { compareUtf8 } from './utf8-order.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

export interface NewBucket {
  name: string;
  location?: string | undefined;
  storageClass?: string | undefined;
  labels?: Record<string, string> | undefined;
  versioningEnabled?: boolean | undefined;
}

export interface NewObject {
  bucket: string;
  name: string;
  attributes: ObjectAttributes;
  blob: StoredBlob;
  md5Hash: string | undefined;
  crc32c: string;
  componentCount?: number | undefined;
}

class BucketObjects {
  readonly byName = new Map<string, ObjectRecord>();
  #sorted: string[] | undefined;

  sorted(): readonly string[] {
    this.#sorted ??= [...this.byName.keys()].sort(compareUtf8);
    return this.#sorted;
  }

  set(record: ObjectRecord): void {
    if (!this.byName.has(record.name)) this.#sorted = undefined;
    this.byName.set(record.name, record);
  }

  delete(name: string): void {
    if (this.byName.delete(name)) this.#sorted = undefined;
  }
}

export function validateObjectName(name: string): void {
  if (name.length === 0) throw ApiError.required('Required parameter: object');
  if (Buffer.byteLength(name) > 1024 || /[\r\n]/.test(name) || name === '.' || name === '..') {
    throw ApiError.invalid(`The specified object name is not valid: ${JSON.stringify(name)}`);
  }
}

export class Store {
  readonly #persistence: Persistence;
  readonly #clock = new GenerationClock();
  readonly #buckets = new Map<string, BucketRecord>();
  readonly #objects = new Map<string, BucketObjects>();

  private constructor(persistence: Persistence) {
    this.#persistence = persistence;
  }

  static async open(persistence: Persistence): Promise<Store> {
    const store = new Store(persistence);
    const { buckets, objects } = await persistence.load();
    for (const bucket of buckets) {
      store.#buckets.set(bucket.name, bucket);
      store.#objects.set(bucket.name, new BucketObjects());
    }
    for (const object of objects) {
      store.#objects.get(object.bucket)?.set(object);
      store.#clock.observe(object.generation);
    }
    return store;
  }

  flush(): Promise<void> {
    return this.#persistence.flush();
  }

  // ---- buckets

  listBuckets(): BucketRecord[] {
    return [...this.#buckets.values()].sort((a, b) => compareUtf8(a.name, b.name));
  }

  getBucket(name: string): BucketRecord | undefined {
    return this.#buckets.get(name);
  }

  requireBucket(name: string): BucketRecord {
    const bucket = this.#buckets.get(name);
    if (bucket === undefined) throw ApiError.bucketNotFound();
    return bucket;
  }

  async createBucket(input: NewBucket): Promise<BucketRecord> {
    if (!BUCKET_NAME.test(input.name) || input.name.includes('..')) {
      throw ApiError.invalid(`Invalid bucket name: '${input.name}'`);
    }
    if (this.#buckets.has(input.name)) {
      throw ApiError.conflict(
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    }
    const now = new Date().toISOString();
    const bucket: BucketRecord = {
      name: input.name,
      metageneration: 1,
      timeCreated: now,
      updated: now,
      location: (input.location ?? 'US').toUpperCase(),
      storageClass: input.storageClass ?? 'STANDARD',
      labels: input.labels,
      versioningEnabled: input.versioningEnabled ?? false,
    };
    this.#buckets.set(bucket.name, bucket);
    this.#objects.set(bucket.name, new BucketObjects());
    await this.#persistence.saveBucket(bucket);
    return bucket;
  }

  async updateBucket(
    name: string,
    change: (current: BucketRecord) => Partial<BucketRecord>,
  ): Promise<BucketRecord> {
    const current = this.requireBucket(name);
    const next: BucketRecord = {
      ...current,
      ...change(current),
      name,
      metageneration: current.metageneration + 1,
      updated: new Date().toISOString(),
    };
    this.#buckets.set(name, next);
    await this.#persistence.saveBucket(next);
    return next;
  }

  async deleteBucket(name: string, ifMetagenerationMatch: number | undefined): Promise<void> {
    const bucket = this.requireBucket(name);
    if (ifMetagenerationMatch !== undefined && ifMetagenerationMatch !== bucket.metageneration) {
      throw ApiError.conditionNotMet();
    }
    if ((this.#objects.get(name)?.byName.size ?? 0) > 0) {
      throw ApiError.conflict('The bucket you tried to delete is not empty.');
    }
    this.#buckets.delete(name);
    this.#objects.delete(name);
    await this.#persistence.removeBucket(name);
  }

  // ---- objects

  newWriter(): Promise<BlobWriter> {
    return this.#persistence.newWriter();
  }

  duplicate(blob: StoredBlob): Promise<StoredBlob> {
    return this.#persistence.duplicate(blob);
  }

  discard(blob: StoredBlob): Promise<void> {
    return this.#persistence.dropBlob(blob);
  }

  getObject(bucket: string, name: string): ObjectRecord | undefined {
    return this.#objects.get(bucket)?.byName.get(name);
  }

  /** The live object, 404 when the bucket, the object or the asked-for generation is missing. */
  requireObject(bucket: string, name: string, generation?: number): ObjectRecord {
    const objects = this.#objects.get(bucket);
    if (objects === undefined) throw ApiError.bucketNotFound();
    const record = objects.byName.get(name);
    if (record === undefined || (generation !== undefined && generation !== record.generation)) {
      throw ApiError.objectNotFound(bucket, name);
    }
    return record;
  }

  sortedNames(bucket: string): readonly string[] {
    const objects = this.#objects.get(bucket);
    if (objects === undefined) throw ApiError.bucketNotFound();
    return objects.sorted();
  }

  /** Makes `input` the live generation; releases its blob when a check fails. */
  async commitObject(input: NewObject, conditions: Preconditions): Promise<ObjectRecord> {
    const objects = this.#objects.get(input.bucket);
    const previous = objects?.byName.get(input.name);
    try {
      if (objects === undefined) throw ApiError.bucketNotFound();
      checkWritePreconditions(previous, conditions);
    } catch (error) {
      await this.discard(input.blob);
      throw error;
    }
    const now = new Date().toISOString();
    const record: ObjectRecord = {
      ...stripUndefined(input.attributes),
      contentType: input.attributes.contentType ?? 'application/octet-stream',
      storageClass:
        input.attributes.storageClass ?? this.#buckets.get(input.bucket)?.storageClass ?? 'STANDARD',
      bucket: input.bucket,
      name: input.name,
      generation: this.#clock.next(),
      metageneration: 1,
      size: input.blob.size,
      md5Hash: input.md5Hash,
      crc32c: input.crc32c,
      componentCount: input.componentCount,
      timeCreated: now,
      updated: now,
      blob: input.blob,
    };
    objects.set(record);
    const saved = this.#persistence.saveObject(record);
    if (previous !== undefined && previous.blob !== record.blob)
      void this.#persistence.dropBlob(previous.blob);
    await saved;
    return record;
  }

  /** Changes an object's metadata: a new metageneration of the same generation. */
  async updateObject(
    bucket: string,
    name: string,
    generation: number | undefined,
    conditions: Preconditions,
    change: (current: ObjectRecord) => ObjectAttributes,
  ): Promise<ObjectRecord> {
    const current = this.requireObject(bucket, name, generation);
    checkWritePreconditions(current, conditions);
    const attributes = change(current);
    const record: ObjectRecord = {
      ...current,
      ...attributes,
      contentType: attributes.contentType ?? 'application/octet-stream',
      storageClass: attributes.storageClass ?? current.storageClass,
      metageneration: current.metageneration + 1,
      updated: new Date().toISOString(),
    };
    this.#objects.get(bucket)?.set(record);
    await this.#persistence.saveObject(record);
    return record;
  }

  async deleteObject(
    bucket: string,
    name: string,
    generation: number | undefined,
    conditions: Preconditions,
  ): Promise<ObjectRecord> {
    const current = this.requireObject(bucket, name, generation);
    checkWritePreconditions(current, conditions);
    this.#objects.get(bucket)?.delete(name);
    const removed = this.#persistence.removeObject(current);
    void this.#persistence.dropBlob(current.blob);
    await removed;
    return current;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
