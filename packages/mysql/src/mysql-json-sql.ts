// How MariaDB / MySQL spell JSON paths, types and elements for filters on JSON fields. Values are
// JSON text (JSON_EXTRACT), typed by JSON_TYPE. Strings compare as bytes (CAST AS BINARY): the
// column's utf8mb4_bin would pad trailing spaces and JSON_VALUE's general_ci ignore case.
import type { JsonSql } from '@stowage/sql';

// Numbers are INTEGER or DOUBLE on MariaDB, also DECIMAL or UNSIGNED INTEGER on MySQL.
const TYPES = {
  string: "= 'STRING'",
  number: "not in ('STRING', 'BOOLEAN', 'NULL', 'OBJECT', 'ARRAY')",
  boolean: "= 'BOOLEAN'",
  null: "= 'NULL'",
  object: "= 'OBJECT'",
  array: "= 'ARRAY'",
} as const;

const isType: JsonSql['isType'] = (value, type) => `(json_type(${value}) ${TYPES[type]})`;

const scalar = {
  string: (value: string) => `cast(json_unquote(${value}) as binary)`,
  number: (value: string) => `cast(json_unquote(${value}) as double)`,
};
const operand = {
  string: (slot: string) => `cast(${slot} as binary)`,
  number: (slot: string) => slot,
};

export const mysqlJsonSql: JsonSql = {
  valueAt: (json, path) => `json_extract(${json}, ${path})`,
  // `$[0]` reads a scalar or an object as itself.
  lenientIndexes: true,
  isType,
  isBoolean: (value, truth) => `(${isType(value, 'boolean')} and json_unquote(${value}) = '${truth}')`,
  // CASE first: a cast of what is not a number would warn (an error in strict statements).
  compare: (value, type, op, slot) =>
    `((case when ${isType(value, type)} then ${scalar[type](value)} end) ${op} ${operand[type](slot)})`,
  someElement: (array, alias, test) =>
    `exists (select 1 from json_table(${array}, '$[*]' columns (${alias}_v json path '$')) as ${alias} where ${test(`${alias}.${alias}_v`)})`,
};
