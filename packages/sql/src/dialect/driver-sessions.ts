// How the statement layer reaches a driver: every statement is SQL text with placeholders plus
// its values, which the driver sends apart from the text (pg's extended protocol, mysql2's
// execute(), better-sqlite3's bound statements) — never formatted into it. A statement marked
// `prepared` repeats, so the driver prepares it once per connection and reuses it. Each SQL driver
// package implements this on the pool MikroORM built, so its type parsers, time zone and TLS
// settings apply to these statements too.
import type { Connection } from '@mikro-orm/core';

export interface StatementResult {
  rows: Record<string, unknown>[];
  /** Rows an INSERT, UPDATE or DELETE changed. */
  affected: number;
  /** The first auto-increment key of an INSERT, where the driver reports one (MySQL). */
  insertId?: bigint;
}

export interface StatementRunner {
  /**
   * Runs `sql` (placeholders in the dialect's form) with `parameters` bound. `prepared` marks a
   * statement the repository repeats: prepared once per connection and kept.
   */
  run(sql: string, parameters: readonly unknown[], prepared: boolean): Promise<StatementResult>;
}

/** One connection held for a transaction; `begin` has been sent when it is handed out. */
export interface TransactionSession extends StatementRunner {
  /** Gives the connection back, or closes it when `broken`; the session ends here. */
  release(broken: boolean): void;
}

export interface DriverSessions {
  /** Statements outside a transaction, each on a pooled connection of `connection`'s pool. */
  pooled(connection: Connection): StatementRunner;
  /** Takes a connection of `connection`'s pool and begins a transaction on it. */
  begin(connection: Connection): Promise<TransactionSession>;
}
