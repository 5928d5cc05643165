// Reports what pg sends to a SqlTextRecorder (@stowage/testkit): every statement goes through
// Client.prototype.query — a text with its values array, a config object `{ text, values, name }`,
// or a submittable (a pg-cursor) that carries its text and values. pg is imported from this
// package, so this is the copy @mikro-orm/postgresql and pg-pool load.
import type { SqlTextRecorder } from '@stowage/testkit';
import pg from 'pg';

type Query = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Patches pg's Client to report to `recorder`; returns the undo. */
export function recordPgStatements(recorder: SqlTextRecorder): () => void {
  const prototype = pg.Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function query(config, values, callback) {
    const own = typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
    const text = typeof config === 'string' ? config : own.text;
    const bound = Array.isArray(values) ? values : Array.isArray(own.values) ? own.values : [];
    recorder.record(typeof text === 'string' ? text : undefined, bound);
    return original.call(this, config, values, callback);
  };
  return () => {
    prototype.query = original;
  };
}
