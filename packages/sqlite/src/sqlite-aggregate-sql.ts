// How SQLite spells what repository.aggregate() needs. sum() of integers is a 64-bit integer that
// fails past 2^63, so integers are summed as their high and low 32 bits (each sum fits 64 bits
// for 2^31 rows), read as text (better-sqlite3 reads integers as doubles). Decimal columns have
// NUMERIC affinity: SQLite keeps a decimal as an integer or a double (exact up to 15 significant
// digits, see to-entity-schema.test.ts), so a value is summed as its integer part (split as above)
// plus its fraction rounded to the field's scale, as an integer — exact for every value SQLite holds
// to the field's scale, where sum() of the doubles would round (0.1 + 0.2).
import type { AggregateSql } from '@stowage/sql';

type SumParts = ReturnType<AggregateSql['integerSum']>;

const LOW_BITS = 4294967295;

function integerParts(value: string): SumParts {
  return [
    { sql: `cast(sum(${value} >> 32) as text)`, shift: 32 },
    { sql: `cast(sum(${value} & ${LOW_BITS}) as text)` },
  ];
}

const integerPart = (column: string) => `cast(${column} as integer)`;
const scaledFraction = (column: string, unit: string) =>
  `cast(round((${column} - ${integerPart(column)}) * ${unit}) as integer)`;

export const sqliteAggregateSql: AggregateSql = {
  integerSum: (column) => integerParts(column),
  decimalSum: (column, _scale, unit) => [
    ...integerParts(integerPart(column)),
    { sql: `cast(sum(${scaledFraction(column, unit)}) as text)`, scaled: true },
  ],
  // 64-bit arithmetic: exact while |sum| × 10^scale < 2^63; past it the product is a double.
  scaledDecimalSum: (column, _scale, unit) =>
    `(sum(${integerPart(column)}) * ${unit} + sum(${scaledFraction(column, unit)}))`,
  average: (column) => `avg(${column})`,
  // Integer when the text is one, else a double, like the values of a NUMERIC column.
  exactNumber: () => 'cast(? as numeric)',
};
