// The statements each repository call sends, for its span's db.query.text. A statement is
// published on the plain `stowage:sql-statement` channel inside its call, where the call's record
// rides in the active OpenTelemetry context (channel-spans.ts): the innermost Stowage call that
// collects statements gets it. A stream's batches run in its consumer's context, so its
// statements are not attributed; nor is a `tx.sql` statement (no repository call around it).
import { context } from '@opentelemetry/api';
import type { SqlStatementMessage } from '@stowage/core/diagnostics';
import { sqlStatementChannel } from '@stowage/core/diagnostics';
import { stowageCallOf } from './channel-spans.ts';

/** Collects until the returned function is called. */
export function collectStatements(): () => void {
  const onStatement = (message: unknown) => {
    stowageCallOf(context.active())?.statements?.push((message as SqlStatementMessage).query);
  };
  sqlStatementChannel.subscribe(onStatement);
  return () => sqlStatementChannel.unsubscribe(onStatement);
}

/**
 * db.query.text for a call's statements: the one text, or — as the spec says for batches — the
 * distinct texts in the order first sent, joined with "; " (a createMany of 3 chunks sends one
 * INSERT text three times; an include sends the rows' SELECT and one per relation).
 */
export function queryText(texts: readonly string[]): string | undefined {
  if (texts.length === 0) return undefined;
  if (texts.length === 1) return texts[0];
  return [...new Set(texts)].join('; ');
}
