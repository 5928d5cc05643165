// The lean read path of findById outside a transaction: MikroORM builds the SELECT once (the same
// SQL its own findOne sends, with its column conversions), and each call then only executes it
// and maps the row with the driver's result mapper (column names, dates, custom types). That
// runs on a read replica when one is configured, as MikroORM's own reads outside transactions
// do. It skips per-call query building, hydration and the unit of work, which cost ~2× the query itself.
import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';

export interface FindByIdStatement {
  run(em: EntityManager, id: unknown): Promise<object | null>;
}

/** A prepared findById for `entity`, or undefined when its query cannot be reused this way. */
export function prepareFindById(
  em: EntityManager,
  entity: EntitySchema,
  pk: string,
  sampleId: unknown,
): FindByIdStatement | undefined {
  const meta = em.getMetadata().find(entity);
  const sqlEm = em as unknown as SqlEntityManager;
  if (!meta || typeof sqlEm.createQueryBuilder !== 'function') return undefined;
  const qb = sqlEm
    .createQueryBuilder(entity)
    .select('*')
    .where({ [pk]: sampleId });
  const sql = qb.getQuery();
  // Only a statement whose single parameter is the id can be reused with another id.
  if (qb.getParams().length !== 1) return undefined;
  return {
    async run(runEm, id) {
      const row = await runEm.getConnection('read').execute(sql, [id], 'get');
      return row ? runEm.getDriver().mapResult(row as never, meta) : null;
    },
  };
}
