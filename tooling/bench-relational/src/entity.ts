// The benchmarked entity, defined once with zod, and the rows every path writes.
import { randomUUID } from 'node:crypto';
import { defineEntity } from '@stowage/core';
import { z } from 'zod';

export const BenchNote = defineEntity({
  name: 'BenchNote',
  schema: z.object({
    id: z.uuid(),
    slug: z.string().max(100),
    title: z.string().max(200),
    body: z.string(),
    rank: z.number().int(),
    version: z.int(),
    createdAt: z.date(),
  }),
  generated: 'uuid',
  // Every update counts it up; update(…, { expectedVersion }) checks it.
  version: 'version',
  indexes: [{ fields: ['slug'], unique: true }, { fields: ['rank'] }],
});

/** Table and columns as Stowage's syncSchema creates them (snake_case), in insert order. */
export const TABLE = 'bench_note';
export const COLUMNS = ['id', 'slug', 'title', 'body', 'rank', 'version', 'created_at'] as const;

export type NoteRow = {
  id: string;
  slug: string;
  title: string;
  body: string;
  rank: number;
  version: number;
  createdAt: Date;
};

/** What every path's result is checked on: entities, ORM objects and raw driver rows all have these. */
export interface NoteLike {
  id: string;
  slug: string;
  title: string;
  rank: number;
  version: number;
}

const BODY = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3);

/** A fresh row (new key, slug `<prefix>-<n>`); generated outside the timed section for every path. */
export function makeRow(prefix: string, n: number, rank: number, title = `note ${prefix} ${n}`): NoteRow {
  return {
    id: randomUUID(),
    slug: `${prefix}-${n}`,
    title,
    body: BODY,
    rank,
    version: 1,
    createdAt: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
}

/** `count` fresh rows with ranks (and slugs `<prefix>-<rank>`) `firstRank`, `firstRank + 1`, … */
export function makeRows(count: number, prefix: string, firstRank = 0): NoteRow[] {
  return Array.from({ length: count }, (_, i) => makeRow(prefix, firstRank + i, firstRank + i));
}

/** The values of rows, column by column (COLUMNS order), flattened for one multi-row INSERT. */
export function flatValues(rows: readonly NoteRow[]): (string | number | Date)[] {
  const values: (string | number | Date)[] = [];
  for (const row of rows) {
    values.push(row.id, row.slug, row.title, row.body, row.rank, row.version, row.createdAt);
  }
  return values;
}
