// `stowage:unit-of-work` and `stowage:cli` → INTERNAL spans (`stowage {operation}`), with
// experimental `stowage.unit_of_work.*` / `stowage.cli.*` / `stowage.backup.*` attributes and
// durations by operation and outcome. The transaction's span holds its callback, so its
// repository, cache and object spans nest under it.
import { type Meter, SpanKind } from '@opentelemetry/api';
import type { CliOperationContext, UnitOfWorkContext } from '@stowage/core/diagnostics';
import { CLI, ERROR_TYPE, METRICS, UNIT_OF_WORK } from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';
import { durationHistogram } from './duration-histogram.ts';

const unitOfWorkSpans: Omit<ChannelMapping<UnitOfWorkContext>, 'record'> = {
  start: (call) => ({
    name: `stowage ${call.operation}`,
    kind: SpanKind.INTERNAL,
    attributes: defined({
      [UNIT_OF_WORK.operation]: call.operation,
      [UNIT_OF_WORK.transactionId]: call.transactionId,
      [UNIT_OF_WORK.takenOver]: call.takenOver,
    }),
  }),
  end: (call) =>
    defined({
      [UNIT_OF_WORK.steps]: call.steps,
      [UNIT_OF_WORK.objects]: call.objects,
      [UNIT_OF_WORK.lost]: call.lost,
      [UNIT_OF_WORK.committed]: call.committed,
      [UNIT_OF_WORK.entries]: call.entries,
      [UNIT_OF_WORK.skipped]: call.skipped,
      [UNIT_OF_WORK.folders]: call.folders,
    }),
  // A transaction runs its callback inside its span.
  ownsRoundTrips: () => false,
};

const cliSpans: Omit<ChannelMapping<CliOperationContext>, 'record'> = {
  start: (call) => ({
    name: `stowage ${call.operation}`,
    kind: SpanKind.INTERNAL,
    attributes: { [CLI.operation]: call.operation, [CLI.driver]: call.driver, [CLI.backupId]: call.key },
  }),
  end: (call) => defined({ [CLI.bytes]: call.bytes, [CLI.tables]: call.tables, [CLI.rows]: call.rows }),
  // A dump is a child process; the upload's object calls have spans of their own.
  ownsRoundTrips: () => false,
};

export function unitOfWorkMapping(meter: Meter): ChannelMapping<UnitOfWorkContext> {
  const duration = durationHistogram(meter, METRICS.unitOfWorkDuration, 'Duration of unit-of-work steps.');
  return {
    ...unitOfWorkSpans,
    record(call, seconds, error) {
      duration.record(seconds, {
        [UNIT_OF_WORK.operation]: call.operation,
        ...defined({ [UNIT_OF_WORK.committed]: call.committed, [ERROR_TYPE]: error }),
      });
    },
  };
}

export function cliMapping(meter: Meter): ChannelMapping<CliOperationContext> {
  const duration = durationHistogram(
    meter,
    METRICS.cliDuration,
    'Duration of backups, restores and verifications.',
  );
  return {
    ...cliSpans,
    record(call, seconds, error) {
      duration.record(seconds, {
        [CLI.driver]: call.driver,
        [CLI.operation]: call.operation,
        ...defined({ [ERROR_TYPE]: error }),
      });
    },
  };
}
