// How SQLite (json1) spells JSON paths, types and elements for filters on JSON fields. Values are
// JSON text (`->`), so they compose; json_type tells true from 1, which json_extract does not.
// Strings compare with the BINARY collation (UTF-8 bytes: code-point order).
import type { JsonSql } from '@stowage/sql';

const TYPES = {
  string: "= 'text'",
  number: "in ('integer', 'real')",
  boolean: "in ('true', 'false')",
  null: "= 'null'",
  object: "= 'object'",
  array: "= 'array'",
} as const;

const isType: JsonSql['isType'] = (value, type) => `(json_type(${value}) ${TYPES[type]})`;

export const sqliteJsonSql: JsonSql = {
  // Strict already: `$."0"` does not read an array, `$[0]` not an object.
  valueAt: (json, path) => `(${json} -> ${path})`,
  isType,
  isBoolean: (value, truth) => `(json_type(${value}) = '${truth}')`,
  compare: (value, type, op, operand) =>
    `((case when ${isType(value, type)} then ${value} ->> '$' end) ${op} ${operand})`,
  // json_each's arguments see its own columns (value, key, path…), which would hide a JSON column
  // of that name: the array comes in through a derived table instead.
  someElement: (array, alias, test) =>
    `exists (select 1 from (select ${array} as j) as ${alias}_in, json_each(${alias}_in.j) as ${alias} where ${test(`(${alias}.json -> ${alias}.fullkey)`)})`,
};
