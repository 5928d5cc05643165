// How PostgreSQL (jsonb) spells JSON paths, types and containment for filters on JSON fields.
// Paths are strict jsonpath (lax mode would step into arrays for a key), errors silenced into "no
// value"; strings compare under the "C" collation (UTF-8 bytes: code-point order), numbers as numeric.
import type { JsonSql } from '@stowage/sql';

const isType: JsonSql['isType'] = (value, type) => `(jsonb_typeof(${value}) = '${type}')`;

/** The text of a scalar (`->> 0` of a one-element array: no literal path needed). */
const text = (value: string) => `(jsonb_build_array(${value}) ->> 0)`;

export const postgresJsonSql: JsonSql = {
  valueAt: (json, path) =>
    `jsonb_path_query_first(${json}, ('strict ' || ${path}::text)::jsonpath, silent => true)`,
  isType,
  isBoolean: (value, truth) => `(${value} = to_jsonb(${truth}))`,
  // CASE first: a cast of what is not a number would fail.
  compare: (value, type, op, operand) =>
    type === 'string'
      ? `((case when ${isType(value, type)} then ${text(value)} end) collate "C" ${op} ${operand}::text)`
      : `((case when ${isType(value, type)} then ${text(value)}::numeric end) ${op} ${operand}::numeric)`,
  someElement: (array, alias, test) =>
    `exists (select 1 from jsonb_array_elements(case when ${isType(array, 'array')} then ${array} end) as ${alias}(v) where ${test(`${alias}.v`)})`,
  contains: (value, candidate) => `(${value} @> ${candidate}::jsonb)`,
};
