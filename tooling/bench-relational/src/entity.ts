// The benchmarked entity, defined once with zod, and the rows every path writes.
import { randomUUID } from 'node:crypto';
import { defineEntity } from '@stowage/core';
import { z } from 'zod';

export const BenchNote = defineEntity({
  name: 'BenchNote',
  schema: z.object({
    id: z.uuid(),
    title: z.string().max(200),
    body: z.string(),
    rank: z.number().int(),
    createdAt: z.date(),
  }),
  generated: 'uuid',
});

/** Table and columns as Stowage maps them (snake_case). */
export const TABLE = 'bench_note';
export const COLUMNS = ['id', 'title', 'body', 'rank', 'created_at'] as const;

export type NoteRow = {
  id: string;
  title: string;
  body: string;
  rank: number;
  createdAt: Date;
};

const BODY = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3);

/** Fresh rows (new keys) for one createMany; generated outside the timed section for every path. */
export function makeRows(count: number, round: number): NoteRow[] {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    title: `note ${round}-${i}`,
    body: BODY,
    rank: i,
    createdAt: now,
  }));
}

/** The values of rows, column by column, flattened for one multi-row INSERT. */
export function flatValues(rows: readonly NoteRow[]): (string | number | Date)[] {
  const values: (string | number | Date)[] = [];
  for (const row of rows) values.push(row.id, row.title, row.body, row.rank, row.createdAt);
  return values;
}
