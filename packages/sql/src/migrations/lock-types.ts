import type { Connection } from '@mikro-orm/core';

export interface LockRequest {
  /** A connection of the Database's pool. */
  connection: Connection;
  /** Identifies what is locked: the executions table, qualified by schema or database. */
  name: string;
  timeoutMs: number;
}
