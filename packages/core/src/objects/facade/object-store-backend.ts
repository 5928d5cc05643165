// What a store implements to become an ObjectStore through objectStoreOver(): the raw I/O of each
// operation, on arguments the facade has already checked and resolved (object-store-over.ts).
// A backend never checks a key, a body, options, a range's shape or a prefix, nor collects a
// download, pages through listAll() or decides move(a, a); it maps its failures in mapError.
import type {
  ByteRange,
  ListPage,
  ObjectBody,
  ObjectDownload,
  ObjectInfo,
  SignedUrlOptions,
} from '../../contracts/object-store.ts';
import type { ListRequest } from './list-request.ts';
import type { ResolvedPutOptions } from './put-options.ts';

/** The ObjectStore methods a failure can happen in (getBytes counts as get). */
export type ObjectOperation =
  | 'put'
  | 'get'
  | 'stat'
  | 'exists'
  | 'list'
  | 'delete'
  | 'deleteMany'
  | 'deletePrefix'
  | 'copy'
  | 'move'
  | 'signedUrl';

/** Where a backend call failed, for mapError's message and typed error. */
export interface ObjectCallSite {
  readonly operation: ObjectOperation;
  /** The one object the call is about (copy and move: the source); absent for list, deleteMany, deletePrefix. */
  readonly key?: string;
  /** What the call is about, as messages name it: `"a/b"`, `"a" to "b"`, `prefix "a/"`, `3 keys`. */
  readonly subject: string;
}

export interface ObjectStoreBackend {
  /** The store's short name, ObjectStore.backend: "memory", "local-fs", "minio", "gcs". */
  readonly name: string;
  /** The bucket it stores in, where it has one: named in its diagnostics. */
  readonly bucket?: string;

  /**
   * Stores `body` at `key`: a valid key, a checked body, resolved options, a signal not yet fired.
   * Reads the body once (bodyChunks); errors of the body itself go out tagged (tagSourceErrors).
   * Leaves nothing at the key when it fails; honours `options.ifNotExists` and `options.signal`.
   */
  put(key: string, body: ObjectBody, options: ResolvedPutOptions): Promise<ObjectInfo>;
  /** `range` has a checked shape; resolveByteRange() checks it against the object's size. */
  get(key: string, range: ByteRange | undefined): Promise<ObjectDownload>;
  /** A faster getBytes() than collecting get()'s body; the facade collects without it. */
  getBytes?(key: string, range: ByteRange | undefined): Promise<Buffer>;
  /** NotFoundError when absent. */
  stat(key: string): Promise<ObjectInfo>;
  /** Without it, exists() is stat() with NotFoundError as false. */
  exists?(key: string): Promise<boolean>;
  /** One page of a checked listing request. */
  list(request: ListRequest): Promise<ListPage>;
  /** True when an object was removed. */
  delete(key: string): Promise<boolean>;
  /** Valid keys; without it, delete() of each distinct key, a few at a time. */
  deleteMany?(keys: readonly string[]): Promise<void>;
  /** A valid, non-empty prefix; without it, list() pages under it, each object deleted. */
  deletePrefix?(prefix: string): Promise<number>;
  /** Also called with `from === to`, which keeps the object and returns its info. */
  copy(from: string, to: string): Promise<ObjectInfo>;
  /** Never called with `from === to`: the facade answers that with stat(). */
  move(from: string, to: string): Promise<ObjectInfo>;
  /** Without it, signedUrl() is a NotSupportedError (before its options are checked). */
  signedUrl?(key: string, options: SignedUrlOptions): Promise<string>;

  /**
   * The typed Stowage error to throw for what a call threw. Typed Stowage errors and the caller's
   * own body errors (SourceFailure) never reach it. Without it, other errors pass unchanged.
   */
  mapError?(error: unknown, site: ObjectCallSite): unknown;

  close(): Promise<void>;
}
