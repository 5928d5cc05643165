// A connection of the driver's own pool, for the lean paths outside transactions: statements the
// server prepares once per connection and reuses, as the raw drivers do. MikroORM's query path
// cannot: it inlines values into the SQL text, and Kysely's re-sends and re-plans the statement on
// every call, which for a findById or a 1,000-row INSERT costs more than the work itself.
import type { Connection } from '@mikro-orm/core';

export interface PreparedResult {
  rows: object[];
  /** The first auto-increment key of an INSERT, where the driver reports one (MySQL). */
  insertId?: bigint;
}

export interface PreparedSession {
  /**
   * Runs `sql` (placeholders in the dialect's form) with `parameters`; when `reuse` is set the
   * statement is prepared once per connection and kept — only for the few shapes a repository
   * repeats, since servers bound how many a connection may hold.
   */
  run(sql: string, parameters: readonly unknown[], reuse: boolean): Promise<PreparedResult>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Returns the connection to the pool, or closes it when `broken`; the session ends here. */
  release(broken: boolean): void;
}

/** How a dialect opens one: from the MikroORM connection (primary or replica) it belongs to. */
export type OpenPreparedSession = (connection: Connection) => Promise<PreparedSession>;
