// Statements with bound parameters on the Kysely client (or transaction) MikroORM already holds.
// MikroORM's own execute() inlines every value into the SQL text as a quoted literal, which for a
// lean path costs more than the query: the lean findById and createMany send their values apart.
// Queries sent here skip MikroORM's query log.
import type { EntityManager, EntityProperty } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';
import { CompiledQuery, type QueryResult } from 'kysely';
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

/**
 * Runs `sql` (placeholders already in the dialect's form) with `parameters` inside `em`'s
 * transaction when it has one, else on the pool of the given connection type (a replica for
 * 'read' when replicas are configured). Driver errors come back as MikroORM's exceptions.
 */
export async function runBound<R>(
  em: EntityManager,
  sql: string,
  parameters: readonly unknown[],
  connectionType: 'read' | 'write',
): Promise<QueryResult<R>> {
  const runner = (em.getTransactionContext() ??
    (em as unknown as SqlEntityManager).getConnection(connectionType).getClient()) as QueryRunner;
  try {
    return await runner.executeQuery(CompiledQuery.raw(sql, [...parameters]) as CompiledQuery<R>);
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
