// How the lean findById and createMany send statements: values bound apart from the SQL, never
// inlined as MikroORM's own execute() does. Outside transactions on the dialect's prepared
// session where it has one (statements prepared once per connection), else — and always inside a
// transaction — on the Kysely client or transaction MikroORM holds. Queries sent here skip
// MikroORM's query log.
import type { EntityManager, EntityProperty } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';
import { CompiledQuery, type QueryResult } from 'kysely';
import type { PreparedResult } from '../dialect/prepared-session.ts';
import type { SqlDialect } from '../dialect/sql-dialect.ts';

interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * `?` placeholders (as MikroORM writes them) → the dialect's own, e.g. `$1, $2, …`. Like
 * MikroORM's formatQuery, every `?` is a placeholder: identifiers never contain one.
 */
export function bindablePlaceholders(sql: string, dialect: SqlDialect): string {
  const placeholder = dialect.placeholder;
  if (!placeholder) return sql;
  let index = 0;
  return sql.replace(/\?/g, () => placeholder(++index));
}

/**
 * How a value of `prop` is bound: MikroORM's custom-type conversion (as its insert and query
 * builder apply it), then the dialect's binding (SqlDialect.bindValue).
 */
export function parameterConverter(
  em: EntityManager,
  prop: EntityProperty,
  dialect: SqlDialect,
): (value: unknown) => unknown {
  const platform = em.getPlatform();
  const custom = prop.customType;
  const bind = dialect.bindValue ?? ((value: unknown) => value);
  const context = { key: prop.name, mode: 'query-data' } as const;
  return (value) => {
    if (value === undefined || value === null) return null;
    return bind(custom ? custom.convertToDatabaseValue(value, platform, context) : value);
  };
}

/** Runs one statement (placeholders in the dialect's form); `reuse` marks a shape that repeats. */
export type Execute = (
  sql: string,
  parameters: readonly unknown[],
  reuse: boolean,
) => Promise<PreparedResult>;

/**
 * Runs `work` with an Execute bound to `em`: inside its transaction when it has one (Kysely), else
 * on a prepared session of the dialect's (the pool of the given connection type: a replica for
 * 'read' when replicas are configured), in a transaction of its own when `atomic` is set, else on
 * MikroORM's Kysely client. Driver errors come back as MikroORM's exceptions.
 */
export async function withExecute<T>(
  em: EntityManager,
  dialect: SqlDialect,
  connectionType: 'read' | 'write',
  atomic: boolean,
  work: (execute: Execute) => Promise<T>,
): Promise<T> {
  const convert = (error: unknown) => em.getDriver().convertException(error as Error);
  const open = dialect.openPreparedSession;
  if (em.isInTransaction() || !open) {
    const client = (em.getTransactionContext() ??
      (em as unknown as SqlEntityManager).getConnection(connectionType).getClient()) as QueryRunner;
    const execute: Execute = async (sql, parameters) => {
      try {
        const result = await client.executeQuery(CompiledQuery.raw(sql, [...parameters]));
        return {
          rows: result.rows as object[],
          ...(result.insertId === undefined ? {} : { insertId: result.insertId }),
        };
      } catch (error) {
        throw convert(error);
      }
    };
    // Without a session several statements need MikroORM's transaction to land together.
    if (atomic && !em.isInTransaction())
      return em.transactional((tx) => withExecute(tx, dialect, connectionType, false, work));
    return work(execute);
  }
  const driver = <R>(step: Promise<R>) =>
    step.catch((error: unknown) => {
      throw convert(error);
    });
  const session = await driver(open(em.getConnection(connectionType)));
  let broken = false;
  const execute: Execute = (sql, parameters, reuse) => driver(session.run(sql, parameters, reuse));
  try {
    if (!atomic) return await work(execute);
    await driver(session.begin());
    try {
      const result = await work(execute);
      await driver(session.commit());
      return result;
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await session.rollback().catch(() => {
        broken = true;
      });
      throw error;
    }
  } finally {
    session.release(broken);
  }
}
