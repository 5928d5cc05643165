// `stowage:repository` → database client spans and db.client.operation.duration, per the
// OpenTelemetry database semantic conventions: `{db.operation.name} {db.collection.name}`.
import { type Meter, SpanKind } from '@opentelemetry/api';
import type { RepositoryOperationContext } from '@stowage/core/diagnostics';
import { DB, ERROR_TYPE, IN_TRANSACTION, METRICS, SERVER, STATEMENT_COUNT } from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';
import { dbSystemName } from './db-system-name.ts';
import { durationHistogram } from './duration-histogram.ts';
import { queryText } from './sql-statements.ts';

export function repositoryMapping(meter: Meter): ChannelMapping<RepositoryOperationContext> {
  const duration = durationHistogram(
    meter,
    METRICS.dbOperationDuration,
    'Duration of database client operations.',
  );
  const common = (call: RepositoryOperationContext) =>
    defined({
      [DB.systemName]: dbSystemName(call.system),
      [DB.namespace]: call.namespace,
      [DB.collectionName]: call.collection,
      [DB.operationName]: call.operation,
      [SERVER.address]: call.serverAddress,
      [SERVER.port]: call.serverPort,
    });
  return {
    start(call) {
      const measured = common(call);
      return {
        name: `${call.operation} ${call.collection}`,
        kind: SpanKind.CLIENT,
        attributes: { ...measured, [IN_TRANSACTION]: call.inTransaction },
        measured,
      };
    },
    end: (call, texts) =>
      defined({
        [DB.queryText]: queryText(texts),
        [STATEMENT_COUNT]: texts.length > 0 ? texts.length : undefined,
        [DB.returnedRows]: call.rows,
      }),
    ownsRoundTrips: () => true,
    collectsStatements: true,
    record(_call, seconds, error, measured) {
      duration.record(seconds, error === undefined ? measured : { ...measured, [ERROR_TYPE]: error });
    },
  };
}
