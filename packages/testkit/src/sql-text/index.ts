// The "no value in SQL text" check: a recorder the SQL driver packages' test patches report to,
// the search for values in statement texts, and the conformance run that ties them together.
export { type BoundValuesConformanceOptions, boundValuesConformance } from './bound-values-conformance.ts';
export { createSqlTextRecorder, type SqlTextRecorder } from './sql-text-recorder.ts';
export {
  describeValuesInSqlText,
  findValuesInSqlText,
  MIN_SEARCHED_LENGTH,
  spellingsOf,
  type ValueInSqlText,
} from './values-in-sql-text.ts';
