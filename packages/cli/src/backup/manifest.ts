// The manifest stored beside each backup's bytes, written last: a backup without one never
// finished and is not listed. Read back through zod, so a damaged manifest is a clear error.
import { z } from 'zod';

export const MANIFEST_VERSION = 1;

const tableChecksum = z.object({
  table: z.string(),
  rows: z.number().int().min(0),
  checksum: z.string(),
});

export const manifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  id: z.string(),
  driver: z.string(),
  /** The database's name (SQLite: its file path). */
  database: z.string(),
  /** The dump's own format, e.g. "pg_dump-custom"; restore needs a tool that reads it. */
  format: z.string(),
  compression: z.literal('gzip'),
  /** Set when the stored bytes are an age file of the gzip stream (size and sha256 are the age file's). */
  encryption: z.literal('age').optional(),
  /** Bytes stored (compressed), and their SHA-256 in hex. */
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Bytes of the dump before compression. */
  dumpSize: z.number().int().min(0),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  lastMigration: z.string().nullable(),
  /** Row counts and content checksums of the snapshot the dump was taken from. */
  tables: z.array(tableChecksum),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
