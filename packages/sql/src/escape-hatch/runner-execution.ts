// Compiled escape-hatch statements on a StatementRunner: the same bound path repository statements
// take (values apart from the text, through the dialect's bindValue — so SQLite gets dates and
// booleans as it stores them), driver errors mapped to Stowage errors. Not prepared: these
// shapes are the application's own, and keeping each would grow every connection's cache.
import { publishStatement } from '@stowage/core/adapter';
import type { CompiledQuery, QueryResult } from 'kysely';
import type { StatementResult, StatementRunner } from '../dialect/driver-sessions.ts';
import type { ExecuteCompiled } from './statement-dialect.ts';

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
const RAW_WRITE = /^\s*(insert|update|delete|merge|replace)\b/i;

/** Kysely reads affected rows only of writes (pg counts a SELECT's rows too); insert ids of inserts. */
function queryResult(query: CompiledQuery, result: StatementResult): QueryResult<unknown> {
  const kind = query.query.kind;
  const write = WRITES.has(kind) || (kind === 'RawNode' && RAW_WRITE.test(query.sql));
  const insert =
    kind === 'InsertQueryNode' || (kind === 'RawNode' && /^\s*(insert|replace)\b/i.test(query.sql));
  return {
    rows: result.rows,
    ...(write ? { numAffectedRows: BigInt(result.affected) } : {}),
    ...(insert && result.insertId !== undefined ? { insertId: result.insertId } : {}),
  };
}

export function runnerExecution(
  runner: () => StatementRunner,
  bindValue: ((value: unknown) => unknown) | undefined,
  mapError: (error: unknown) => unknown,
  system: string,
): ExecuteCompiled {
  return async (query) => {
    const parameters = bindValue ? query.parameters.map(bindValue) : query.parameters;
    // Published like a repository's statement, text only (the values stay apart).
    publishStatement(() => ({ system, entity: undefined, query: query.sql }));
    try {
      return queryResult(query, await runner().run(query.sql, parameters, false));
    } catch (error) {
      throw mapError(error);
    }
  };
}
