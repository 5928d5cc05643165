// Placeholders for Drizzle's prepared INSERTs (PostgreSQL and MariaDB): one per field of each
// row, named `<field><row>`, and the values that fill them.
import { sql } from 'drizzle-orm';
import type { NoteRow } from './entity.ts';

const FIELDS = [
  'id',
  'slug',
  'title',
  'body',
  'rank',
  'version',
  'createdAt',
] as const satisfies readonly (keyof NoteRow)[];

/** A row of placeholders named `<field><suffix>`. */
export function placeholderRow(suffix: string | number = '') {
  const p = (field: (typeof FIELDS)[number]) => sql.placeholder(`${field}${suffix}`);
  return {
    id: p('id'),
    slug: p('slug'),
    title: p('title'),
    body: p('body'),
    rank: p('rank'),
    version: p('version'),
    createdAt: p('createdAt'),
  };
}

/** `count` placeholder rows, suffixed 0 … count - 1. */
export function placeholderRows(count: number) {
  return Array.from({ length: count }, (_, i) => placeholderRow(i));
}

/** The values for placeholderRows(rows.length). */
export function placeholderValues(rows: readonly NoteRow[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const field of FIELDS) values[`${field}${i}`] = row[field];
  });
  return values;
}
