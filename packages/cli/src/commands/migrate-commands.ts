// `stowage migrate create|up|down|status`, over the database adapter's migrations (MikroORM's
// migrator under a lock, in @stowage/sql).
import { type Command, Option } from 'commander';
import { UsageError } from '../errors/usage-error.ts';
import { action, type CliRuntime } from './command-runner.ts';

export function migrateCommands(program: Command, runtime: CliRuntime) {
  const migrate = program
    .command('migrate')
    .description('create, apply, revert and list schema migrations')
    .addHelpText(
      'after',
      '\nMigrations live in the folder set by migrations.folder in stowage.config.ts (default ./migrations).',
    );

  migrate
    .command('create')
    .description('write a migration for the entity changes since the last one')
    .argument('<description>', 'what the migration does, e.g. "add users"')
    .action(
      action(runtime, async (context, description: string) => {
        const created = await (await context.migrations()).create(description);
        context.reporter.result({ created }, [
          created ? `created ${created.path}` : 'no changes: the entities match the last migration',
        ]);
      }),
    );

  migrate
    .command('up')
    .description('apply pending migrations (waits for another process already applying them)')
    .option('--to <name>', 'stop after this migration')
    .action(
      action(runtime, async (context, options: { to?: string }) => {
        const applied = await (await context.migrations()).up(options.to ? { to: options.to } : {});
        context.reporter.result(
          { applied },
          applied.length
            ? applied.map((name) => `applied ${name}`)
            : ['nothing to apply: the database is up to date'],
        );
      }),
    );

  migrate
    .command('down')
    .description('revert executed migrations newer than --to (or all of them with --all)')
    .addOption(new Option('--to <name>', 'keep this migration and the ones before it').conflicts('all'))
    .option('--all', 'revert every executed migration')
    .action(
      action(runtime, async (context, options: { to?: string; all?: boolean }) => {
        if (!options.to && !options.all) {
          throw new UsageError('migrate down needs --to <name> or --all');
        }
        const reverted = await (await context.migrations()).down({
          to: options.all ? 0 : (options.to as string),
        });
        context.reporter.result(
          { reverted },
          reverted.length ? reverted.map((name) => `reverted ${name}`) : ['nothing to revert'],
        );
      }),
    );

  migrate
    .command('status')
    .description('list executed and pending migrations')
    .action(
      action(runtime, async (context) => {
        const status = await (await context.migrations()).status();
        const { style } = context.reporter;
        context.reporter.result(status, [
          ...status.executed.map(
            (m) => `${style('green', 'executed')} ${m.name}  ${style('dim', m.executedAt.toISOString())}`,
          ),
          ...status.pending.map((name) => `${style('yellow', 'pending ')} ${name}`),
          `${status.executed.length} executed, ${status.pending.length} pending`,
        ]);
      }),
    );
}
