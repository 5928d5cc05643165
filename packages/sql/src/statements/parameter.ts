// How a field's value becomes a bound parameter: MikroORM's custom-type conversion (as its own
// insert and query builder apply it), then the dialect's binding (SqlDialect.bindValue) — and,
// where a custom type wraps the parameter in SQL (SQLite's bigint cast), that wrapper around it.
import type { EntityProperty, Platform } from '@mikro-orm/core';
import { type RawBuilder, sql } from 'kysely';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { Slot } from './slot.ts';

export function parameterConverter(
  platform: Platform,
  prop: EntityProperty,
  dialect: SqlDialect,
): (value: unknown) => unknown {
  const custom = prop.customType;
  const bind = dialect.bindValue ?? ((value: unknown) => value);
  const context = { key: prop.name, mode: 'query-data' } as const;
  return (value) => {
    if (value === undefined || value === null) return null;
    return bind(custom ? custom.convertToDatabaseValue(value, platform, context) : value);
  };
}

/** The SQL of a value of `prop` (a slot, or a column): as is, or in the custom type's SQL around it. */
export function parameterSql(
  platform: Platform,
  prop: EntityProperty,
): (value: Slot | RawBuilder<unknown>) => RawBuilder<unknown> {
  const custom = prop.customType;
  const template =
    custom && typeof custom.convertToDatabaseValueSQL === 'function'
      ? custom.convertToDatabaseValueSQL('?', platform)
      : '?';
  const at = template.indexOf('?');
  if (template === '?' || at < 0) return (value) => sql`${value}`;
  const before = sql.raw(template.slice(0, at));
  const after = sql.raw(template.slice(at + 1));
  return (value) => sql`${before}${value}${after}`;
}
