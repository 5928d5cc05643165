// `stowage doctor`: one line per check; exit code 8 when any check fails.
import { type Command, InvalidArgumentError } from 'commander';
import { runDoctor } from '../doctor/run-doctor.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { action, type CliRuntime } from './command-runner.ts';

const hours = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a number of hours above 0, such as 26');
  return n;
};

export function doctorCommand(program: Command, runtime: CliRuntime) {
  program
    .command('doctor')
    .description('check every configured backend, pending migrations and the age of the newest backup')
    .option(
      '--max-backup-age <hours>',
      'a problem when the newest backup is older (default 26, or backup.maxAgeHours)',
      hours,
    )
    .action(
      action(runtime, async (context, options: { maxBackupAge?: number }) => {
        const results = await runDoctor(context, {
          maxAgeHours: options.maxBackupAge ?? context.config.backup.maxAgeHours,
        });
        const { style } = context.reporter;
        const mark = {
          ok: style('green', 'ok  '),
          warn: style('yellow', 'warn'),
          fail: style('red', 'FAIL'),
          skip: style('dim', 'skip'),
        };
        const problems = results.filter((r) => r.status === 'fail');
        context.reporter.result({ healthy: problems.length === 0, checks: results }, [
          ...results.map(
            (r) =>
              `${mark[r.status]} ${r.check.padEnd(10)} ${r.detail}${r.fix ? ` — ${style('bold', r.fix)}` : ''}`,
          ),
          problems.length ? `${problems.length} problem(s) found` : 'all checks passed',
        ]);
        return problems.length ? EXIT.unhealthy : EXIT.ok;
      }),
    );
}
