// The column model of an entity: what @stowage/sql reads off a zod definition once, and uses to
// build the MikroORM EntitySchema, validate filters and convert rows back to plain objects.
import type { EntityDefinition } from '@stowage/core';
import type { z } from 'zod';

export type FieldKind =
  | 'string' // z.string() with a max length ≤ 255 → varchar(n)
  | 'text' // z.string() without a small max length → text
  | 'uuid' // z.uuid() / z.string().uuid()
  | 'integer' // z.number().int()
  | 'float' // z.number()
  | 'bigint' // z.bigint() → JS bigint both ways
  | 'decimal' // z.string() marked as decimal via the field option, kept as string
  | 'boolean'
  | 'date' // z.date() marked as a calendar date (no time) via the field option
  | 'datetime' // z.date() → timestamp with time zone where the database has one
  | 'enum' // z.enum([...])
  | 'json'; // z.object / z.array / z.record / anything else that is JSON

export interface FieldModel {
  name: string;
  kind: FieldKind;
  /** `.nullable()`: the column accepts NULL. */
  nullable: boolean;
  /** `.optional()` or `.default()`: may be omitted on create. */
  optional: boolean;
  /** The zod default, when the field has one (applied by zod before SQL). */
  hasDefault: boolean;
  /** varchar length for 'string'. */
  maxLength?: number;
  /** Allowed values for 'enum'. */
  enumValues?: readonly string[];
  /** The field's schema without optional/nullable/default wrappers: validates filter operands. */
  base: z.ZodType;
  primary: boolean;
  /** Set by the database (auto-increment) or by Stowage (uuid) when create() omits it. */
  generated: 'uuid' | 'increment' | undefined;
  version: boolean;
  /** 'created' or 'updated' timestamp managed by Stowage. */
  timestamp: 'created' | 'updated' | undefined;
  // Added with the column/reference options; optional so hand-built models still compile,
  // but describeEntity always sets `column` (and the others where they apply).
  /** SQL column name: snake_case of the field name. */
  column?: string;
  /** Total and fractional digits for 'decimal'. */
  precision?: number;
  scale?: number;
  /** Set when the field is a many-to-one foreign key. */
  reference?: ReferenceModel;
}

export interface ReferenceModel {
  /** Referenced entity name. */
  entity: string;
  /** Referenced field; undefined means that entity's primary key. */
  field: string | undefined;
  onDelete: 'restrict' | 'cascade' | 'set null';
  /** Foreign key constraint name: `<table>_<column>_foreign`. */
  constraint: string;
}

export interface IndexModel {
  /** Index or unique constraint name: the explicit name, or `<table>_<columns>_idx` / `_unique`. */
  name: string;
  fields: readonly string[];
  columns: readonly string[];
  unique: boolean;
}

/** The full-text index of the definition's `search` fields. */
export interface SearchModel {
  /** Varchar or text fields, in the order the definition lists them. */
  fields: readonly FieldModel[];
  /** `<table>_<columns>_search`, or `<table>_search_<hash of the columns>` when that is too long. */
  indexName: string;
}

export interface EntityModel {
  definition: EntityDefinition;
  /** snake_case of the entity name, e.g. "BlogPost" → "blog_post". */
  tableName: string;
  primaryKey: FieldModel;
  fields: ReadonlyMap<string, FieldModel>;
  /** Indexes and unique constraints with their database names (always set by describeEntity). */
  indexes?: readonly IndexModel[];
  /** Set when the definition declares `search`. */
  search?: SearchModel;
}
