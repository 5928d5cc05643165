// What filters on JSON fields ask of a dialect: each database spells paths, types and element
// iteration its own way (translate-json-filter.ts holds the semantics, json-filter-sql.ts puts these
// pieces together). Driver packages do not depend on Kysely, so every member returns SQL text
// around the SQL text it is given. Arguments are opaque: they may hold bound parameters, so a
// member uses them as given (it may repeat them) and never looks into them; its own text holds no
// value and no `?`.

/** The JSON types a filter tells apart. */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export type JsonComparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export interface JsonSql {
  /**
   * The JSON value at `path` in `json` (a JSON column, or a value a member returned), or NULL when
   * the path is missing; a JSON null is a value, not NULL. `path` is a bound path text: `$`, then
   * `."key"` (the key as a JSON string) or `[index]` per step. A key step reads objects only and an
   * index step arrays only, unless `lenientIndexes` says otherwise.
   */
  valueAt(json: string, path: string): string;
  /** `$[0]` also reads a value that is not an array (MariaDB): the shared layer then checks for one. */
  readonly lenientIndexes?: boolean;
  /** True when `value` is of JSON type `type`; false or NULL otherwise (NULL for a missing value). */
  isType(value: string, type: JsonType): string;
  /** True when `value` is the JSON boolean `truth` (never a number); false or NULL otherwise. */
  isBoolean(value: string, truth: boolean): string;
  /**
   * True when `value` is of JSON type `type` and compares so with the bound `operand` (a JS
   * string or number): strings by code point (UTF-8 bytes, no collation, no padding), numbers
   * numerically, integers and floats alike. False or NULL otherwise, never an error.
   */
  compare(value: string, type: 'string' | 'number', op: JsonComparison, operand: string): string;
  /**
   * True when some element of the JSON array `array` passes `test` (given the element's SQL text,
   * a value as valueAt returns). `alias` (letters, digits and _) is unique among nested calls, for
   * the table expression; `array` may be another type (the caller checks for an array beside it)
   * and must then give false or NULL without an error.
   */
  someElement(array: string, alias: string, test: (element: string) => string): string;
  /**
   * The database's own containment of the bound JSON text `candidate` in `value`, with exactly
   * PostgreSQL's `@>` semantics. Without it, containment is spelled with the members above.
   */
  contains?(value: string, candidate: string): string;
}
