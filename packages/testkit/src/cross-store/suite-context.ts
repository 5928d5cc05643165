// What the cross-store suite receives from the caller (three opened backends), and what its test
// groups share: Stowages over those backends, this run's key prefix, and views of what is staged
// or still waiting in the outbox.
import { randomUUID } from 'node:crypto';
import {
  type Cache,
  type Database,
  type ObjectStore,
  type Stowage,
  stowageFrom,
  type TransactionSettings,
} from '@stowage/core';
import { afterAll, beforeAll } from 'vitest';
import { crossStoreEntities } from './entities.ts';

export interface CrossStoreBackends {
  database: Database;
  objects: ObjectStore;
  cache: Cache;
  /** Extra clean-up after the suite has closed the three backends (e.g. a temporary folder). */
  close?(): Promise<void>;
}

export interface CrossStoreConformanceOptions {
  /** Shown in the describe() title, e.g. "postgres × minio × redis". */
  name: string;
  /** Opens the three backends, the database with `entities` registered and their tables created. */
  open(entities: typeof crossStoreEntities): Promise<CrossStoreBackends>;
  /** Documents the PUT/DELETE race tests run at once; default 20. */
  racePairs?: number;
}

export interface BackendWrappers {
  objects?(store: ObjectStore): ObjectStore;
  database?(database: Database): Database;
}

export interface CrossStoreSuite {
  /**
   * A Stowage over the suite's backends with these transaction settings (its staging prefix);
   * `wrap` replaces the object store or database it sees (to watch calls or inject faults).
   */
  stowage(settings: Omit<TransactionSettings, 'stagingPrefix'>, wrap?: BackendWrappers): Stowage;
  /** The suite's database (outbox rows written by hand). */
  database(): Database;
  /** This run's staging prefix. */
  stagingPrefix: string;
  /** A key under this run's own prefix. */
  key(name: string): string;
  /** The body stored at key(name), as text. */
  text(name: string): Promise<string>;
  /** Every object under this run's staging prefix. */
  staged(): Promise<string[]>;
  /** Outbox rows not yet finished. */
  pendingOutbox(): Promise<number>;
  /** Documents (pairs) the race tests run; default 20. */
  racePairs?: number | undefined;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Registers the hooks opening the backends before the suite's tests and closing them (and
 * deleting this run's keys) after; returns what the tests share.
 */
export function useCrossStoreSuite(options: CrossStoreConformanceOptions): CrossStoreSuite {
  let backends: CrossStoreBackends | undefined;
  const run = `cross-store-${randomUUID().slice(0, 8)}/`;
  const stagingPrefix = `${run}.staging/`;

  beforeAll(async () => {
    backends = await options.open(crossStoreEntities);
  }, 120_000);
  afterAll(async () => {
    if (!backends) return;
    const { database, objects, cache } = backends;
    try {
      await objects.deletePrefix(run);
    } finally {
      await Promise.allSettled([database.close(), objects.close(), cache.close()]);
      await backends.close?.();
    }
  }, 120_000);

  const opened = () => {
    if (!backends) throw new Error('backends not opened');
    return backends;
  };
  const suite: CrossStoreSuite = {
    stowage: (settings, wrap) => {
      const open = opened();
      return stowageFrom({
        ...open,
        objects: wrap?.objects ? wrap.objects(open.objects) : open.objects,
        database: wrap?.database ? wrap.database(open.database) : open.database,
        logger: quiet,
        transactions: { ...settings, stagingPrefix },
      });
    },
    database: () => opened().database,
    stagingPrefix,
    key: (name) => `${run}${name}`,
    text: async (name) => (await suite.stowage({}).objects.getBytes(suite.key(name))).toString(),
    async staged() {
      const found: string[] = [];
      for await (const object of suite.stowage({}).objects.listAll({ prefix: stagingPrefix }))
        found.push(object.key);
      return found;
    },
    pendingOutbox: async () => (await backends?.database.repository(crossStoreEntities[1]).count()) ?? 0,
    racePairs: options.racePairs,
  };
  return suite;
}
