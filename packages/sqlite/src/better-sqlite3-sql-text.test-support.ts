// Reports what better-sqlite3 is given to a SqlTextRecorder (@stowage/testkit): texts through
// Database#prepare, #exec and #pragma, and each statement's text with its parameters when it runs
// (run, get, all, iterate) or binds them for good (bind). better-sqlite3 is required from this
// package, so this is the copy @mikro-orm/sqlite loads.
import { createRequire } from 'node:module';
import type { SqlTextRecorder } from '@stowage/testkit';

type Method = (this: { source?: unknown }, ...args: unknown[]) => unknown;
type Methods = Record<string, Method>;

const require = createRequire(import.meta.url);

/** Patches better-sqlite3's Database and Statement to report to `recorder`; returns the undo. */
export function recordBetterSqlite3Statements(recorder: SqlTextRecorder): () => void {
  const Database = require('better-sqlite3') as {
    new (path: string): { prepare(sql: string): object; close(): void };
    prototype: Methods;
  };
  const database = new Database(':memory:');
  const statement = Object.getPrototypeOf(database.prepare('select 1')) as Methods;
  database.close();
  const databaseMethods = Database.prototype;
  const undo: (() => void)[] = [];
  const wrap = (
    target: Methods,
    name: string,
    report: (self: { source?: unknown }, args: unknown[]) => void,
  ) => {
    const original = target[name];
    if (!original) throw new Error(`better-sqlite3 has no ${name} to record`);
    target[name] = function recorded(...args) {
      report(this, args);
      return original.apply(this, args);
    };
    undo.push(() => {
      target[name] = original;
    });
  };
  const textArgument = (_self: unknown, args: unknown[]) =>
    recorder.record(typeof args[0] === 'string' ? args[0] : undefined, []);
  for (const name of ['prepare', 'exec', 'pragma']) wrap(databaseMethods, name, textArgument);
  for (const name of ['run', 'get', 'all', 'iterate', 'bind']) {
    wrap(statement, name, (self, args) =>
      // Parameters come positional, as arrays or as one object of named values: all searched.
      recorder.record(typeof self.source === 'string' ? self.source : undefined, args),
    );
  }
  return () => {
    for (const restore of undo.reverse()) restore();
  };
}
