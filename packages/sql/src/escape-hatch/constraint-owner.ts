// Which registered entity a constraint error of a raw statement is about, so its ConflictError
// names the entity and fields as a repository's would (found by constraint name; databases that
// name only columns, like SQLite, leave it unknown and the error names the columns).
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel } from '../entity/entity-model.ts';

export function constraintOwner(
  models: Iterable<EntityModel>,
  dialect: SqlDialect,
  error: Error,
): EntityModel | undefined {
  const { constraint } = dialect.violationDetails(error as Error & Record<string, unknown>);
  if (!constraint) return undefined;
  for (const model of models) {
    if (model.indexes?.some((index) => index.name === constraint)) return model;
    for (const field of model.fields.values()) if (field.reference?.constraint === constraint) return model;
  }
  return undefined;
}
