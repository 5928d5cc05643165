// The emulator's state: buckets and every object generation, indexed in memory and mirrored to a
// Persistence. Each change is decided synchronously (existence, preconditions, generation) so
// concurrent requests cannot interleave a check and a write; only the recording of the change is
// asynchronous. In a bucket with versioning enabled an overwritten or deleted live generation is
// kept as a noncurrent one (with timeDeleted) until it is deleted by generation.
import { ApiError } from './api-error.ts';
import type { BlobWriter } from './blob-writer.ts';
import { BucketObjects } from './bucket-objects.ts';
import { bucketStorageClass, settingsForInsert, versioningEnabled } from './bucket-settings.ts';
import { GenerationClock } from './generation-clock.ts';
import type { JsonObject } from './merge-patch.ts';
import { checkCustomMetadataSize } from './metadata-limit.ts';
import type { Persistence } from './persistence.ts';
import { checkWritePreconditions, type Preconditions } from './preconditions.ts';
import type { BucketRecord, ObjectAttributes, ObjectRecord } from './records.ts';
import type { StoredBlob } from './stored-blob.ts';
import { compareUtf8 } from './utf8-order.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

export interface NewBucket {
  name: string;
  location?: string | undefined;
  /** The insert request's body; its writable fields become the bucket's settings. */
  body?: JsonObject | undefined;
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
      const index = store.#objects.get(object.bucket);
      if (object.timeDeleted === undefined) index?.setLive(object);
      else index?.putNoncurrent(object);
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
    const now = new Date().toISOString();
    const settings = settingsForInsert(input.body ?? {}, now);
    if (this.#buckets.has(input.name)) {
      throw ApiError.conflict(
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    }
    const bucket: BucketRecord = {
      name: input.name,
      metageneration: 1,
      timeCreated: now,
      updated: now,
      location: (input.location ?? 'US').toUpperCase(),
      settings,
    };
    this.#buckets.set(bucket.name, bucket);
    this.#objects.set(bucket.name, new BucketObjects());
    await this.#persistence.saveBucket(bucket);
    return bucket;
  }

  /** A new metageneration of the bucket with the settings `change` computes. */
  async updateBucket(
    name: string,
    ifMetagenerationMatch: number | undefined,
    ifMetagenerationNotMatch: number | undefined,
    change: (current: BucketRecord, now: string) => JsonObject,
  ): Promise<BucketRecord> {
    const current = this.requireBucket(name);
    checkWritePreconditions(
      { generation: 0, metageneration: current.metageneration },
      { ifMetagenerationMatch, ifMetagenerationNotMatch },
    );
    const now = new Date().toISOString();
    const next: BucketRecord = {
      ...current,
      settings: change(current, now),
      metageneration: current.metageneration + 1,
      updated: now,
    };
    this.#buckets.set(name, next);
    await this.#persistence.saveBucket(next);
    return next;
  }

  async deleteBucket(name: string, ifMetagenerationMatch: number | undefined): Promise<void> {
    const bucket = this.requireBucket(name);
    checkWritePreconditions(
      { generation: 0, metageneration: bucket.metageneration },
      { ifMetagenerationMatch },
    );
    // Noncurrent generations count: a versioned bucket is empty only once they are deleted too.
    if (this.#objects.get(name)?.isEmpty === false) {
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
    return this.#objects.get(bucket)?.live(name);
  }

  /**
   * The live object, or with `generation` that generation whether live or noncurrent; 404 when the
   * bucket, the object or the generation is missing.
   */
  requireObject(bucket: string, name: string, generation?: number): ObjectRecord {
    const objects = this.#objects.get(bucket);
    if (objects === undefined) throw ApiError.bucketNotFound();
    const record = generation === undefined ? objects.live(name) : objects.version(name, generation);
    if (record === undefined) throw ApiError.objectNotFound(bucket, name);
    return record;
  }

  sortedNames(bucket: string): readonly string[] {
    return this.#index(bucket).liveNames();
  }

  /** Every generation of every object, by name then generation (objects.list with versions=true). */
  sortedVersions(bucket: string): readonly ObjectRecord[] {
    return this.#index(bucket).versions();
  }

  #index(bucket: string): BucketObjects {
    const objects = this.#objects.get(bucket);
    if (objects === undefined) throw ApiError.bucketNotFound();
    return objects;
  }

  /** Makes `input` the live generation; releases its blob when a check fails. */
  async commitObject(input: NewObject, conditions: Preconditions): Promise<ObjectRecord> {
    const objects = this.#objects.get(input.bucket);
    const bucket = this.#buckets.get(input.bucket);
    const previous = objects?.live(input.name);
    try {
      if (objects === undefined || bucket === undefined) throw ApiError.bucketNotFound();
      checkWritePreconditions(previous, conditions);
      checkCustomMetadataSize(input.attributes.metadata);
    } catch (error) {
      await this.discard(input.blob);
      throw error;
    }
    const now = new Date().toISOString();
    const record: ObjectRecord = {
      ...stripUndefined(input.attributes),
      contentType: input.attributes.contentType ?? 'application/octet-stream',
      storageClass: input.attributes.storageClass ?? bucketStorageClass(bucket.settings),
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
    const archived = previous === undefined ? undefined : this.#retire(bucket, objects, previous, now);
    objects.setLive(record);
    const saved = this.#persistence.saveObject(record);
    if (previous !== undefined && archived === undefined && previous.blob !== record.blob)
      void this.#persistence.dropBlob(previous.blob);
    await Promise.all([archived, saved]);
    return record;
  }

  /**
   * A live generation that stops being live: kept as noncurrent when the bucket is versioned
   * (resolves once recorded), otherwise undefined and the caller drops it.
   */
  #retire(
    bucket: BucketRecord,
    objects: BucketObjects,
    live: ObjectRecord,
    now: string,
  ): Promise<void> | undefined {
    if (!versioningEnabled(bucket.settings)) return undefined;
    const noncurrent: ObjectRecord = { ...live, timeDeleted: now };
    objects.putNoncurrent(noncurrent);
    return this.#persistence.saveObject(noncurrent);
  }

  /** Changes an object's metadata: a new metageneration of the same (live or noncurrent) generation. */
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
    checkCustomMetadataSize(attributes.metadata);
    const record: ObjectRecord = {
      ...current,
      ...attributes,
      contentType: attributes.contentType ?? 'application/octet-stream',
      storageClass: attributes.storageClass ?? current.storageClass,
      metageneration: current.metageneration + 1,
      updated: new Date().toISOString(),
    };
    const objects = this.#index(bucket);
    if (record.timeDeleted === undefined) objects.setLive(record);
    else objects.putNoncurrent(record);
    await this.#persistence.saveObject(record);
    return record;
  }

  /**
   * Without `generation`: deletes the live object, which a versioned bucket keeps as noncurrent.
   * With it: permanently deletes that generation, live or noncurrent.
   */
  async deleteObject(
    bucket: string,
    name: string,
    generation: number | undefined,
    conditions: Preconditions,
  ): Promise<ObjectRecord> {
    const current = this.requireObject(bucket, name, generation);
    checkWritePreconditions(current, conditions);
    const objects = this.#index(bucket);
    const bucketRecord = this.requireBucket(bucket);
    if (current.timeDeleted !== undefined) objects.removeNoncurrent(name, current.generation);
    else objects.removeLive(name);
    const archived =
      generation === undefined
        ? this.#retire(bucketRecord, objects, current, new Date().toISOString())
        : undefined;
    const removed = this.#persistence.removeObject(current);
    if (archived === undefined) void this.#persistence.dropBlob(current.blob);
    await Promise.all([archived, removed]);
    return current;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
