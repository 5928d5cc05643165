// How PostgreSQL spells what repository.aggregate() needs: sum() of integers and numerics is an
// exact numeric (read as text, since pg would hand a bigint sum over as a string anyway), avg()
// of integers a numeric, and operands are cast to numeric, whatever their inferred type.
import type { AggregateSql } from '@stowage/sql';

export const postgresAggregateSql: AggregateSql = {
  integerSum: (column) => [{ sql: `cast(sum(${column}) as text)` }],
  decimalSum: (column) => [{ sql: `cast(sum(${column}) as text)` }],
  scaledDecimalSum: (column, _scale, unit) => `(sum(${column}) * ${unit})`,
  average: (column) => `avg(${column})`,
  exactNumber: () => 'cast(? as numeric)',
};
