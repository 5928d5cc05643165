// Reports what mysql2 puts on the wire to a SqlTextRecorder (@stowage/testkit): every command a
// connection queues passes through the base connection's addCommand(). A Query's `sql` is the
// final text by then — query(sql, values) has formatted the values into it client-side — and its
// `values` are what was formatted in; a Prepare carries the statement text, an Execute the text and
// the parameters it sends apart. mysql2 is imported from this package, so this is the copy
// @mikro-orm/mysql (and anything else here) loads.
import type { SqlTextRecorder } from '@stowage/testkit';
import mysql from 'mysql2';

interface Command {
  constructor: { name: string };
  sql?: unknown;
  query?: unknown;
  values?: unknown;
  parameters?: unknown;
  statement?: { query?: unknown };
}

type AddCommand = (this: unknown, command: Command) => unknown;

const asText = (value: unknown) => (typeof value === 'string' ? value : undefined);
const asValues = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Patches mysql2's connections to report to `recorder`; returns the undo. */
export function recordMysql2Statements(recorder: SqlTextRecorder): () => void {
  // Connection extends BaseConnection, which holds addCommand (PoolConnection extends Connection).
  const base = Object.getPrototypeOf(mysql.Connection.prototype) as { addCommand: AddCommand };
  const original = base.addCommand;
  base.addCommand = function addCommand(command) {
    switch (command?.constructor?.name) {
      case 'Query':
        recorder.record(asText(command.sql), asValues(command.values));
        break;
      case 'Prepare':
        recorder.record(asText(command.query), []);
        break;
      case 'Execute':
        recorder.record(
          asText(command.sql) ?? asText(command.statement?.query),
          asValues(command.parameters),
        );
        break;
    }
    return original.call(this, command);
  };
  return () => {
    base.addCommand = original;
  };
}
