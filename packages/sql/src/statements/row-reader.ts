// Driver rows → the entity's plain objects, with one reader per field compiled once per entity.
// Each column is read under its selected name and turned into what MikroORM's result mapper would
// give (booleans from 0/1, dates from strings in the platform's time zone), then into the field's
// zod type by rowToEntity's rules — without MikroORM's intermediate object and the copy of every
// date that going through both cost per row (a profile put it at half of a page's own time).
import type { EntityMetadata, EntityProperty, Platform } from '@mikro-orm/core';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import { fieldValue } from '../repository/row-to-entity.ts';

type Read = (value: unknown) => unknown;

const same: Read = (value) => value;

/** As MikroORM's result mapper turns a driver value into a Date (its EntityComparator). */
function dateReader(platform: Platform): Read {
  const tz = platform.getTimezone();
  const local = !tz || tz === 'local';
  return (value) => {
    if (value == null || value instanceof Date) return value;
    if (typeof value === 'bigint') return platform.parseDate(Number(value));
    if (local || typeof value === 'number') return platform.parseDate(value as string);
    const text = String(value);
    const zoned = text.includes('+') || text.lastIndexOf('-') > 10 || text.endsWith('Z');
    return platform.parseDate(zoned ? text : text + tz);
  };
}

function driverReader(prop: EntityProperty, platform: Platform): Read {
  if (prop.runtimeType === 'boolean') return (value) => (value == null ? value : !!value);
  if (prop.runtimeType === 'Date' && !platform.isNumericProperty(prop)) return dateReader(platform);
  return same;
}

interface FieldReader {
  field: FieldModel;
  column: string;
  read: Read;
  /** Dates and parsed JSON come fresh from the driver: no copy needed, unlike rowToEntity's inputs. */
  fresh: (value: unknown) => boolean;
}

/**
 * The reader of rows holding `fields` (default: every field of the entity), each column under
 * `prefix` + its name (a joined entity's columns are prefixed so they cannot clash).
 */
export function rowReader(
  model: EntityModel,
  meta: EntityMetadata,
  platform: Platform,
  fields: Iterable<FieldModel> = model.fields.values(),
  prefix = '',
): <E>(row: Record<string, unknown>) => E {
  const readers: FieldReader[] = [...fields].map((field) => {
    const prop = meta.properties[field.name] as EntityProperty;
    return {
      field,
      column: prefix + (prop.fieldNames[0] as string),
      read: driverReader(prop, platform),
      fresh:
        field.kind === 'date' || field.kind === 'datetime'
          ? (value) => value instanceof Date
          : field.kind === 'json'
            ? (value) => typeof value === 'object' && value !== null
            : () => false,
    };
  });
  return <E>(row: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const { field, column, read, fresh } of readers) {
      const raw = read(row[column]);
      const value = fresh(raw) ? raw : fieldValue(field, raw);
      // Optional fields that are absent stay absent, as zod would leave them.
      if (value === null && field.optional && !field.nullable) continue;
      out[field.name] = value;
    }
    return out as E;
  };
}
