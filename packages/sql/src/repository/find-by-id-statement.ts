// The lean read path of findById outside a transaction: MikroORM builds the SELECT once (the same
// SQL its own findOne sends, with its column conversions), and each call then only executes it
// with the id bound (bound-query.ts) and maps the row with the driver's result mapper (column
// names, dates, custom types). That runs on a read replica when one is configured, as MikroORM's
// own reads outside transactions do. It skips per-call query building, hydration and the unit of
// work, which cost ~2× the query itself.
import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import { bindablePlaceholders, parameterConverter, withExecute } from './bound-query.ts';

export interface FindByIdStatement {
  run(em: EntityManager, id: unknown): Promise<object | null>;
}

/** A prepared findById for `entity`, or undefined when its query cannot be reused this way. */
export function prepareFindById(
  em: EntityManager,
  entity: EntitySchema,
  pk: string,
  sampleId: unknown,
  dialect: SqlDialect,
): FindByIdStatement | undefined {
  const meta = em.getMetadata().find(entity);
  const sqlEm = em as unknown as SqlEntityManager;
  const pkProp = meta?.properties[pk];
  if (!meta || !pkProp || typeof sqlEm.createQueryBuilder !== 'function') return undefined;
  const qb = sqlEm
    .createQueryBuilder(entity)
    // Named columns, not `*`: a statement prepared once must not change its result type when a
    // migration adds a column while this process runs (PostgreSQL refuses to run it then).
    .select(meta.props.filter((prop) => prop.persist !== false).map((prop) => prop.name) as never)
    .where({ [pk]: sampleId });
  // Only a statement whose single parameter is the id can be reused with another id.
  if (qb.getParams().length !== 1) return undefined;
  const sql = bindablePlaceholders(qb.getQuery(), dialect);
  const toParameter = parameterConverter(em, pkProp, dialect);
  return {
    async run(runEm, id) {
      const { rows } = await withExecute(runEm, dialect, 'read', false, (execute) =>
        execute(sql, [toParameter(id)], true),
      );
      const row = rows[0];
      return row ? runEm.getDriver().mapResult(row as never, meta) : null;
    },
  };
}
