// What the emulator keeps per bucket and per object. Records are immutable: every change replaces the
// record, so a download that already holds one keeps a consistent view.
import type { StoredBlob } from './stored-blob.ts';

export interface BucketRecord {
  readonly name: string;
  readonly metageneration: number;
  readonly timeCreated: string;
  readonly updated: string;
  readonly location: string;
  /**
   * Every client-writable top-level field (storageClass, labels, versioning, lifecycle, cors,
   * website, …) exactly as the resource shows it; see bucket-settings.ts.
   */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Fields a client may set on an object (upload metadata, patch, update, rewrite body). */
export interface ObjectAttributes {
  readonly contentType?: string | undefined;
  readonly cacheControl?: string | undefined;
  readonly contentDisposition?: string | undefined;
  readonly contentEncoding?: string | undefined;
  readonly contentLanguage?: string | undefined;
  readonly customTime?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  readonly storageClass?: string | undefined;
  readonly temporaryHold?: boolean | undefined;
  readonly eventBasedHold?: boolean | undefined;
}

export const ATTRIBUTE_NAMES = [
  'contentType',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
  'contentLanguage',
  'customTime',
  'metadata',
  'storageClass',
  'temporaryHold',
  'eventBasedHold',
] as const satisfies readonly (keyof ObjectAttributes)[];

export interface ObjectRecord extends ObjectAttributes {
  readonly bucket: string;
  readonly name: string;
  readonly generation: number;
  readonly metageneration: number;
  readonly size: number;
  /** Absent for composite objects, as on the real service. */
  readonly md5Hash: string | undefined;
  readonly crc32c: string;
  readonly componentCount: number | undefined;
  readonly timeCreated: string;
  readonly updated: string;
  /** Set on noncurrent generations (versioned buckets): when this generation stopped being live. */
  readonly timeDeleted?: string | undefined;
  readonly blob: StoredBlob;
}
