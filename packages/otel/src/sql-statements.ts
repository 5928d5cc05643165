// The statements each repository call sends, for its span's db.query.text. A statement is
// published on the plain `stowage:sql-statement` channel inside its call's trace, so an
// AsyncLocalStorage bound to the repository channel's `start` (Node enters it around the call)
// tells which call it belongs to. A stream publishes its events by hand, outside any store, so
// its statements are not attributed.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RepositoryOperationContext, SqlStatementMessage } from '@stowage/core/diagnostics';
import { repositoryChannel, sqlStatementChannel } from '@stowage/core/diagnostics';

export interface StatementCollector {
  /** The texts the call sent, in order, and forgets them. */
  take(call: RepositoryOperationContext): readonly string[];
  stop(): void;
}

export function collectStatements(): StatementCollector {
  const current = new AsyncLocalStorage<RepositoryOperationContext>();
  const sent = new WeakMap<RepositoryOperationContext, string[]>();
  const onStatement = (message: unknown) => {
    const call = current.getStore();
    if (!call) return;
    const texts = sent.get(call);
    const query = (message as SqlStatementMessage).query;
    if (texts) texts.push(query);
    else sent.set(call, [query]);
  };
  repositoryChannel.start.bindStore(current, (call) => call);
  sqlStatementChannel.subscribe(onStatement);
  return {
    take(call) {
      const texts = sent.get(call) ?? [];
      sent.delete(call);
      return texts;
    },
    stop() {
      sqlStatementChannel.unsubscribe(onStatement);
      repositoryChannel.start.unbindStore(current);
    },
  };
}

/**
 * db.query.text for a call's statements: the one text, or — as the spec says for batches — the
 * distinct texts in the order first sent, joined with "; " (a createMany of 3 chunks sends one
 * INSERT text three times; an include sends the rows' SELECT and one per relation).
 */
export function queryText(texts: readonly string[]): string | undefined {
  if (texts.length === 0) return undefined;
  return [...new Set(texts)].join('; ');
}
