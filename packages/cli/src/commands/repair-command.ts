// `stowage repair`: finishes the object-store and cache steps of transactions whose process died
// after the database commit, and removes staged uploads of transactions that never committed.
import type { Command } from 'commander';
import { action, type CliRuntime } from './command-runner.ts';

export function repairCommand(program: Command, runtime: CliRuntime) {
  program
    .command('repair')
    .description('finish cross-store transactions interrupted after their commit (stowage.recover())')
    .action(
      action(runtime, async (context) => {
        const report = await (await context.stowage()).recover();
        context.reporter.result(report, [
          `applied ${report.applied} interrupted transaction(s), skipped ${report.skipped} still owned by a live process, removed ${report.removedStagingFolders} stale staging folder(s)`,
          // A promote whose staged body was gone: a committed row may name a missing object.
          ...(report.lostBodies > 0
            ? [
                `${report.lostBodies} staged upload(s) were gone before they were placed (see the errors above)`,
              ]
            : []),
        ]);
      }),
    );
}
