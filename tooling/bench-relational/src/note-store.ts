// The one interface every path implements (Stowage repository, bare MikroORM, Drizzle, raw
// driver), so each operation is written once against it and every path does the same work.
import type { NoteLike, NoteRow } from './entity.ts';

/** `rank >= from and rank < to`. */
export interface RankRange {
  from: number;
  to: number;
}

export interface NotePage {
  items: NoteLike[];
  /** Where the next page starts, in the path's own form (Stowage's cursor string, a key pair…). */
  next?: unknown;
}

/** The repository operations, in the form one path can do them. */
export interface NoteOps {
  findById(id: string): Promise<NoteLike | null | undefined>;
  findBySlug(slug: string): Promise<NoteLike | null | undefined>;
  /** Ordered by rank, at most `limit`. */
  findRange(range: RankRange, limit: number): Promise<NoteLike[]>;
  /** Keyset page ordered by (rank, id); `after` is a `next` this path returned. */
  page(range: RankRange, limit: number, after?: unknown): Promise<NotePage>;
  count(range: RankRange): Promise<number>;
  exists(slug: string): Promise<boolean>;
  /** Every row in key order, `batchSize` per keyset query. */
  stream(batchSize: number): AsyncIterable<NoteLike>;
  create(row: NoteRow): Promise<NoteLike>;
  /** All rows or none. */
  createMany(rows: readonly NoteRow[]): Promise<unknown>;
  /** Sets the title, counts the version up and returns the updated row; with `expectedVersion`
   *  only when the stored version equals it (otherwise it throws). */
  update(id: string, title: string, expectedVersion?: number): Promise<NoteLike>;
  delete(id: string): Promise<boolean>;
  /** Insert, or on a slug conflict update title, body and rank and count the version up; returns the stored row. */
  upsert(row: NoteRow): Promise<NoteLike>;
}

export interface NoteStore {
  label: string;
  /** Each operation on its own (pooled connection, no transaction of the caller's). */
  outside: NoteOps;
  /** `work` inside one transaction, its operations on that transaction's connection. */
  transaction<T>(work: (ops: NoteOps) => Promise<T>): Promise<T>;
}

/** Rows per multi-row INSERT on the Drizzle and raw paths (and per em.insertMany call). */
export const ROWS_PER_INSERT = 1_000;

export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

/** The key pair a page ends on: where a raw or Drizzle keyset query continues. */
export interface KeysetPosition {
  rank: number;
  id: string;
}

/** `rows` fetched with limit + 1: the page, and where the next one starts when there are more. */
export function keysetPage(rows: NoteLike[], limit: number): NotePage {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[limit - 1] as NoteLike;
  return { items, next: { rank: last.rank, id: last.id } satisfies KeysetPosition };
}

/** A value built on first use, then kept (statements prepared only when an operation needs them). */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
