// `stowage backup create`, `restore` and `verify` on `stowage:cli` (see CliOperationContext in
// @stowage/core/diagnostics): one trace each, from its start to its checked result, with the
// backup's stored size, tables and rows once it returns. Nothing is made while nobody subscribes.
import { traced } from '@stowage/core/adapter';
import { type CliOperationContext, type CliOperationName, cliChannel } from '@stowage/core/diagnostics';
import type { BackupManifest } from './manifest.ts';

export function tracedBackupOperation<T>(
  start: { operation: CliOperationName; driver: string; key: string },
  run: () => Promise<T>,
  manifestOf: (result: T) => BackupManifest,
): Promise<T> {
  return traced(
    cliChannel,
    (): CliOperationContext => ({ ...start }),
    async (context) => {
      const result = await run();
      if (context) {
        const manifest = manifestOf(result);
        context.bytes = manifest.size;
        context.tables = manifest.tables.length;
        context.rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
      }
      return result;
    },
  );
}
