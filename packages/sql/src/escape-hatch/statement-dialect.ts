// A Kysely Dialect whose one "connection" hands every compiled statement to `execute`: the SQL is
// compiled by MikroORM's own Kysely (so the dialect's SQL and adapter), and runs where Stowage
// says — a transaction's connection, a pooled one, or a transaction still to be opened. Kysely's
// own transactions would bypass the unit of work, so they are refused; destroy() closes nothing
// (the pool is MikroORM's).
import { NotSupportedError } from '@stowage/core';
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  Driver,
  Kysely,
  QueryResult,
} from 'kysely';

export type ExecuteCompiled = (query: CompiledQuery) => Promise<QueryResult<unknown>>;

const refused = (operation: string) =>
  NotSupportedError.operation(
    'tx.sql',
    operation,
    'statements already run in the unit of work: use stowage.transaction() and tx.transaction() (savepoints)',
  );

export function statementDialect(
  // biome-ignore lint/suspicious/noExplicitAny: MikroORM's client is typed per entity manager, not per table.
  compiler: Kysely<any>,
  execute: ExecuteCompiled,
  driverName: string,
): Dialect {
  const executor = compiler.getExecutor();
  const connection: DatabaseConnection = {
    executeQuery: (query) => execute(query) as never,
    streamQuery() {
      throw NotSupportedError.operation(
        driverName,
        'stream() through tx.sql',
        'page with limit/keyset or use repository.stream()',
      );
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return connection;
    },
    async beginTransaction() {
      throw refused('transaction()');
    },
    async commitTransaction() {
      throw refused('commit');
    },
    async rollbackTransaction() {
      throw refused('rollback');
    },
    async releaseConnection() {},
    async destroy() {},
  };
  return {
    createDriver: () => driver,
    createAdapter: () => executor.adapter,
    createQueryCompiler: () => ({ compileQuery: (node, queryId) => executor.compileQuery(node, queryId) }),
    createIntrospector(): DatabaseIntrospector {
      throw NotSupportedError.operation(driverName, 'introspection through tx.sql');
    },
  };
}
