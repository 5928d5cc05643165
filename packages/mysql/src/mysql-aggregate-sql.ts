// How MySQL/MariaDB spell what repository.aggregate() needs: sum() of integers and decimals is an
// exact DECIMAL (read as text). avg() of exact values is a DECIMAL rounded to 4 more digits
// (div_precision_increment), so a number average is the exact sum turned into a double once, then
// divided — not avg() of each value as a double, which loses bigints past 2^53 before adding them;
// operands are cast to DECIMAL, since a string compared with a DECIMAL is compared as a double.
import type { AggregateSql } from '@stowage/sql';

/** DECIMAL's most digits; Stowage's operands are validated to fit. */
const PRECISION = 65;

export const mysqlAggregateSql: AggregateSql = {
  integerSum: (column) => [{ sql: `cast(sum(${column}) as char)` }],
  decimalSum: (column) => [{ sql: `cast(sum(${column}) as char)` }],
  scaledDecimalSum: (column, _scale, unit) => `(sum(${column}) * ${unit})`,
  average: (column) => `(cast(sum(${column}) as double) / nullif(count(${column}), 0))`,
  exactNumber: (scale) => `cast(? as decimal(${PRECISION}, ${scale}))`,
};
