// What the cross-store suite's test groups share: Stowages over the suite's backends, this run's
// key prefix, and views of what is staged or still waiting in the outbox.
import type { Database, ObjectStore, Stowage, TransactionSettings } from '@stowage/core';

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
  /** Every object under this run's staging prefix. */
  staged(): Promise<string[]>;
  /** Outbox rows not yet finished. */
  pendingOutbox(): Promise<number>;
  /** Documents (pairs) the race tests run; default 20. */
  racePairs?: number | undefined;
}
