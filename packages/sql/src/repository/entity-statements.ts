// What every repository of one entity shares, whichever scope it runs in: the table model and
// the statements compiled so far, by shape.
import type { EntitySchema, MikroORM } from '@mikro-orm/core';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel } from '../entity/entity-model.ts';
import { type EntityTable, entityTable } from '../statements/entity-table.ts';
import { StatementCache } from '../statements/statement-cache.ts';

export interface EntityStatements {
  readonly table: EntityTable;
  readonly cache: StatementCache;
}

export function entityStatements(
  orm: MikroORM,
  model: EntityModel,
  schema: EntitySchema,
  dialect: SqlDialect,
): EntityStatements {
  return { table: entityTable(orm, model, schema, dialect), cache: new StatementCache() };
}
