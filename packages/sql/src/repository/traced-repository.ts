// Every repository call traced on `stowage:repository` (core's diagnostics channels) with the
// entity, table, operation and the rows it returned or wrote. The subscriber check comes first
// and alone: with nobody listening a call costs one property read more, and no context is built.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repository } from '@stowage/core';
import type { RepositoryOperationContext, RepositoryOperationName } from '@stowage/core/diagnostics';
import { repositoryChannel } from '@stowage/core/diagnostics';
import type { RepositoryEndpoint } from './repository-endpoint.ts';

type Base = Omit<
  RepositoryOperationContext,
  'operation' | 'rows' | 'system' | 'serverAddress' | 'serverPort'
>;
// biome-ignore lint/suspicious/noExplicitAny: the methods' own signatures are kept by the wrapper.
type AnyRepository = Repository<any, any, any, any>;

/** The entities a result holds: a row or null, a list, a page; undefined for counts and flags. */
function rowsOf(result: unknown): number | undefined {
  if (result === null) return 0;
  if (Array.isArray(result)) return result.length;
  if (typeof result !== 'object') return undefined;
  const items = (result as { items?: unknown }).items;
  return Array.isArray(items) ? items.length : 1;
}

/** The promise-returning calls (all but stream). */
export const PROMISED: readonly RepositoryOperationName[] = [
  'findById',
  'getById',
  'findOne',
  'find',
  'findPage',
  'count',
  'exists',
  'create',
  'createMany',
  'update',
  'delete',
  'upsert',
  'search',
  'aggregate',
];

/** The calls that always go to the primary; every other one (a read) may go to a replica. */
const WRITES: ReadonlySet<RepositoryOperationName> = new Set([
  'create',
  'createMany',
  'update',
  'delete',
  'upsert',
]);

/** The context's fixed part for `operation`: the server only when the call surely reaches it. */
function baseOf(base: Base, endpoint: RepositoryEndpoint, operation: RepositoryOperationName) {
  const { replicaReads, serverAddress, serverPort, system } = endpoint;
  const replica = replicaReads && !base.inTransaction && !WRITES.has(operation);
  return {
    ...base,
    system,
    ...(replica || serverAddress === undefined ? {} : { serverAddress, serverPort }),
  };
}

export function tracedRepository<R extends AnyRepository>(
  repository: R,
  base: Base,
  endpoint: RepositoryEndpoint,
): R {
  const traced = { ...repository } as Record<string, unknown>;
  for (const operation of PROMISED) {
    const call = (repository[operation] as (...args: unknown[]) => Promise<unknown>).bind(repository);
    const fixed = baseOf(base, endpoint, operation);
    traced[operation] = (...args: unknown[]) => {
      if (!repositoryChannel.hasSubscribers) return call(...args);
      const context: RepositoryOperationContext = { ...fixed, operation };
      return repositoryChannel.tracePromise(async () => {
        const result = await call(...args);
        const rows = rowsOf(result);
        if (rows !== undefined) context.rows = rows;
        return result;
      }, context);
    };
  }
  // A stream is one trace from the first batch to the last (or the error, or an early stop).
  traced.stream = (...args: Parameters<R['stream']>) => {
    const rows = repository.stream(...args);
    if (!repositoryChannel.hasSubscribers) return rows;
    return {
      async *[Symbol.asyncIterator]() {
        const context: RepositoryOperationContext & { error?: unknown } = {
          ...baseOf(base, endpoint, 'stream'),
          operation: 'stream',
          rows: 0,
        };
        // The events tracePromise would publish, spread over the iteration. A subscriber may make
        // its own context active between start and end (a tracer's span): the batches are read
        // in that context, as a call's work is, though they run later, in the consumer's turns.
        repositoryChannel.start.publish(context);
        const inCall = AsyncLocalStorage.snapshot();
        repositoryChannel.end.publish(context);
        const batches = rows[Symbol.asyncIterator]();
        let exhausted = false;
        try {
          for (;;) {
            const step = await inCall(() => batches.next());
            if (step.done) {
              exhausted = true;
              return;
            }
            context.rows = (context.rows ?? 0) + 1;
            yield step.value;
          }
        } catch (error) {
          exhausted = true;
          context.error = error;
          repositoryChannel.error.publish(context);
          throw error;
        } finally {
          // An early stop (break, return) ends the underlying scan too, as for await would.
          if (!exhausted) await inCall(() => batches.return?.());
          repositoryChannel.asyncStart.publish(context);
          repositoryChannel.asyncEnd.publish(context);
        }
      },
    };
  };
  return traced as R;
}
