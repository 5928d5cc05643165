// What repository.aggregate() asks of a dialect where databases differ (see aggregate-rows.ts):
// exact sums, averages as numbers and exact bound operands. Driver packages do not depend on
// Kysely, so each member returns SQL text around `column` (a quoted column name, never a value);
// a `?` in a template is where the bound value goes.

/**
 * One select item of an exact sum. The sum is Σ value(part) × 2^shift, where value(part) is the
 * part's text read as a decimal number (or, `scaled`, as a count of 10^-scale units).
 */
export interface SumPart {
  /** The part over the rows of a group, as decimal text; NULL when the group has no non-null value. */
  readonly sql: string;
  /** The part counts units of 2^shift (SQLite's high 32 bits); default 0. */
  readonly shift?: number;
  /** The text is an integer count of 10^-scale units (SQLite's scaled fractions), not a decimal. */
  readonly scaled?: boolean;
}

export interface AggregateSql {
  /** The exact sum of an integer column (integer or bigint field), without rounding or overflow. */
  integerSum(column: string): readonly SumPart[];
  /** The exact sum of a decimal column of `scale` digits; `unit` is 10^scale as an SQL literal. */
  decimalSum(column: string, scale: number, unit: string): readonly SumPart[];
  /** The same sum as one SQL number in units of 10^-scale, compared in HAVING and sorted by. */
  scaledDecimalSum(column: string, scale: number, unit: string): string;
  /** The average of an integer, bigint or float column, as a double or an exact number. */
  average(column: string): string;
  /**
   * A bound decimal text (`?`) as an exact SQL number of `scale` fractional digits, compared
   * with exact sums and decimal columns without a round trip through a double.
   */
  exactNumber(scale: number): string;
}
