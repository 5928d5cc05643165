// The databases' pools → db.client.connection.count (idle / used), .max and .pending_requests,
// per the semantic conventions, read from each pool at every collection (no round trip: the
// adapter's poolUsage() reads the driver's counters). A database that cannot tell is skipped.
import { diag, type Meter } from '@opentelemetry/api';
import type { Database, NamedPoolUsage } from '@stowage/core';
import { CONNECTION, METRICS } from './attribute-names.ts';

/** What is read of a database: its pool, when it has one. */
export type ObservedDatabase = Pick<Database, 'poolUsage'>;

async function usageOf(database: ObservedDatabase): Promise<NamedPoolUsage | undefined> {
  try {
    return await database.poolUsage?.();
  } catch (error) {
    diag.warn('@stowage/otel: a pool could not be read', error);
    return undefined;
  }
}

/** The databases, or a function giving them at each collection (for one opened later). */
export type ObservedDatabases =
  | readonly (ObservedDatabase | undefined)[]
  | (() => readonly (ObservedDatabase | undefined)[]);

/** Starts observing; the returned function stops. */
export function observePools(meter: Meter, databases: ObservedDatabases): () => void {
  if (Array.isArray(databases) && databases.length === 0) return () => {};
  const current =
    typeof databases === 'function'
      ? databases
      : () => databases as readonly (ObservedDatabase | undefined)[];
  const count = meter.createObservableUpDownCounter(METRICS.connectionCount, {
    description: 'Connections open in the pool, by state (idle, used).',
    unit: '{connection}',
  });
  const max = meter.createObservableUpDownCounter(METRICS.connectionMax, {
    description: 'The most connections the pool may open.',
    unit: '{connection}',
  });
  const pending = meter.createObservableUpDownCounter(METRICS.connectionPendingRequests, {
    description: 'Requests waiting for a connection of the pool.',
    unit: '{request}',
  });
  const observe: Parameters<Meter['addBatchObservableCallback']>[0] = async (result) => {
    const observed = current().filter((database) => database !== undefined);
    const pools = await Promise.all(observed.map(usageOf));
    for (const pool of pools) {
      if (!pool) continue;
      const name = { [CONNECTION.poolName]: pool.name };
      result.observe(count, pool.idle, { ...name, [CONNECTION.state]: 'idle' });
      result.observe(count, pool.open - pool.idle, { ...name, [CONNECTION.state]: 'used' });
      result.observe(max, pool.max, name);
      result.observe(pending, pool.waiting, name);
    }
  };
  meter.addBatchObservableCallback(observe, [count, max, pending]);
  return () => meter.removeBatchObservableCallback(observe, [count, max, pending]);
}
