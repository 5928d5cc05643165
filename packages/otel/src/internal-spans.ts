// `stowage:unit-of-work` and `stowage:cli` → INTERNAL spans (`stowage {operation}`), with
// experimental `stowage.unit_of_work.*` / `stowage.cli.*` / `stowage.backup.*` attributes and no
// metrics yet. The transaction's span holds its callback, so its repository, cache and object
// spans nest under it.
import { SpanKind } from '@opentelemetry/api';
import type { CliOperationContext, UnitOfWorkContext } from '@stowage/core/diagnostics';
import { CLI, UNIT_OF_WORK } from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';

export const unitOfWorkMapping: ChannelMapping<UnitOfWorkContext> = {
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
  record() {},
};

export const cliMapping: ChannelMapping<CliOperationContext> = {
  start: (call) => ({
    name: `stowage ${call.operation}`,
    kind: SpanKind.INTERNAL,
    attributes: { [CLI.operation]: call.operation, [CLI.driver]: call.driver, [CLI.backupId]: call.key },
  }),
  end: (call) => defined({ [CLI.bytes]: call.bytes, [CLI.tables]: call.tables, [CLI.rows]: call.rows }),
  record() {},
};
