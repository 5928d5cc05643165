// The ObjectStore contract. Implementations: memory and local file system in core, MinIO/S3 in
// @stowage/minio, Google Cloud Storage in @stowage/gcs. Keys are checked by
// assertValidObjectKey() before any I/O; a failed upload leaves nothing at the key.
import type { Readable } from 'node:stream';

/** What put() accepts. Streams and async iterables are consumed once, in constant memory. */
export type ObjectBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array | string>;

export interface PutOptions {
  contentType?: string;
  cacheControl?: string;
  /**
   * User metadata: names of lower-case ASCII letters, digits and "-" (what every store keeps
   * unchanged), string values, at most 2 KiB of names and values together (S3's limit).
   */
  metadata?: Record<string, string>;
  /** Create-only: fail with PreconditionFailedError if an object already exists at the key. */
  ifNotExists?: boolean;
  /**
   * Stops the upload: put() rejects with AbortedError (the signal's reason as its cause) and
   * leaves nothing at the key, as a failed source does.
   */
  signal?: AbortSignal;
}

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string;
  cacheControl?: string;
  metadata: Record<string, string>;
  lastModified: Date;
  /** Backend entity tag, when it has one. */
  etag?: string;
  /** Checksums the backend reports or Stowage computed: md5 as hex, crc32c as base64. */
  checksums: { md5?: string; crc32c?: string };
}

/** Inclusive byte range, as in HTTP: { start: 0, end: 9 } is the first ten bytes. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface GetOptions {
  range?: ByteRange;
}

export interface ObjectDownload {
  info: ObjectInfo;
  /** The body (or the requested range). Read it once. */
  body: Readable;
}

export interface ListOptions {
  prefix?: string;
  /** Groups keys by the part after the prefix up to the delimiter into `prefixes`. */
  delimiter?: string;
  /** At most this many objects plus prefixes per page (default and maximum 1,000). */
  pageSize?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

export interface ListPage {
  /** Objects in ascending UTF-8 byte order of their keys. */
  objects: ObjectInfo[];
  /** Common prefixes when a delimiter was given, each ending with the delimiter. */
  prefixes: string[];
  /** Present when there are more results. */
  cursor?: string;
}

export interface SignedUrlOptions {
  method: 'GET' | 'PUT';
  /** Seconds until the URL expires. */
  expiresIn: number;
  /** For PUT: the content type the uploader must send. */
  contentType?: string;
  /**
   * For GET: the Content-Disposition the store answers with (e.g. `attachment; filename="a.txt"`),
   * so a browser saves the file instead of rendering it. Part of the signature: a URL with another
   * value is refused.
   */
  responseContentDisposition?: string;
  /** For GET: the Content-Type the store answers with instead of the stored one (signed too). */
  responseContentType?: string;
}

export interface ObjectStore {
  /** A short name for messages, e.g. "local-fs" or "minio". */
  readonly backend: string;

  put(key: string, body: ObjectBody, options?: PutOptions): Promise<ObjectInfo>;
  get(key: string, options?: GetOptions): Promise<ObjectDownload>;
  getBytes(key: string, options?: GetOptions): Promise<Buffer>;
  /** NotFoundError when absent. */
  stat(key: string): Promise<ObjectInfo>;
  exists(key: string): Promise<boolean>;

  list(options?: ListOptions): Promise<ListPage>;
  /** Every object under the options' prefix, page after page. */
  listAll(options?: Omit<ListOptions, 'cursor' | 'delimiter'>): AsyncIterable<ObjectInfo>;

  /** Idempotent: true when an object was removed. */
  delete(key: string): Promise<boolean>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Removes every object whose key starts with `prefix` (which must not be empty); returns how many. */
  deletePrefix(prefix: string): Promise<number>;

  copy(from: string, to: string): Promise<ObjectInfo>;
  move(from: string, to: string): Promise<ObjectInfo>;

  /** NotSupportedError on stores that cannot serve URLs (memory, local files). */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string>;

  close(): Promise<void>;
}
