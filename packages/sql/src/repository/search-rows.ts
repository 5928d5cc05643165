// repository.search(): the text parsed into the portable query syntax (search/search-query.ts),
// one ranked statement per filter shape on the entity's full-text index (search/
// search-statement.ts), the dialect's query text bound like every value. Semantics:
// - Best matches first (the dialect's rank), equal ranks by primary key; every term must match.
// - `limit`: an integer from 0 to MAX_SEARCH_LIMIT (100), default DEFAULT_SEARCH_LIMIT (20).
// - `filter`: any repository filter, combined with AND.
// - A text with nothing to match (empty, only punctuation or operators, only exclusions, or on
//   MySQL only words InnoDB does not index) finds nothing, without SQL.
// - ValidationError for a text that is not a string, is over MAX_SEARCH_TEXT characters or holds
//   NUL, for a bad limit, filter or option; NotSupportedError for an entity without `search`.
import { NotSupportedError, ValidationError } from '@stowage/core';
import type { EntityModel } from '../entity/entity-model.ts';
import { hasSearchableTerm, parseSearchText } from '../search/search-query.ts';
import { searchStatement } from '../search/search-statement.ts';
import type { QueryContext } from './query-context.ts';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 100;

const OPTIONS = new Set(['limit', 'filter']);

function invalid(model: EntityModel, path: string, message: string): ValidationError {
  return ValidationError.forEntity(model.definition.name, [{ path, message }]);
}

function optionsOf(model: EntityModel, options: unknown): { limit: number; filter: unknown } {
  if (options === undefined) return { limit: DEFAULT_SEARCH_LIMIT, filter: {} };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(model, 'options', 'must be an object');
  }
  const unknown = Object.keys(options).find((key) => !OPTIONS.has(key));
  if (unknown !== undefined) throw invalid(model, unknown, 'is not a search option (limit, filter)');
  const { limit = DEFAULT_SEARCH_LIMIT, filter = {} } = options as { limit?: unknown; filter?: unknown };
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) {
    throw invalid(model, 'limit', `must be an integer from 0 to ${MAX_SEARCH_LIMIT}`);
  }
  return { limit, filter };
}

export async function searchRows(context: QueryContext, text: unknown, options: unknown): Promise<unknown[]> {
  const { model, table } = context;
  const { dialect } = table;
  if (!model.search) {
    throw NotSupportedError.operation(
      model.definition.name,
      'search',
      'declare the searched fields with `search: { fields: [...] }` in defineEntity',
    );
  }
  const terms = parseSearchText(model.definition.name, text);
  const { limit, filter } = optionsOf(model, options);
  const where = context.filterOf(filter);
  const query = hasSearchableTerm(terms) ? dialect.search.query(terms) : undefined;
  if (query === undefined || limit === 0) return [];

  const values = [...where.values, query, limit];
  const shape = { where: where.node, text: values.length - 2, limit: values.length - 1 };
  const { rows } = await context.run(
    where.shape,
    () => searchStatement(table, dialect.search, shape),
    values,
  );
  return rows.map((row) => table.toEntity(row));
}
