// The `stowage` program: commander parses, each command runs through command-runner.ts, and
// every error becomes one redacted line on stderr (or a JSON object on stdout with --json) and
// an exit code from errors/exit-codes.ts.
import { Command, CommanderError } from 'commander';
import { backupCommands } from './commands/backup-commands.ts';
import type { CliRuntime } from './commands/command-runner.ts';
import { dbCommands } from './commands/db-commands.ts';
import { doctorCommand } from './commands/doctor-command.ts';
import { migrateCommands } from './commands/migrate-commands.ts';
import { repairCommand } from './commands/repair-command.ts';
import { EXIT, exitCodeFor } from './errors/exit-codes.ts';
import { secretRedactor } from './errors/secret-redactor.ts';
import { UsageError } from './errors/usage-error.ts';
import type { CliStreams } from './output/reporter.ts';

export interface RunCliOptions {
  streams?: CliStreams;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function buildProgram(runtime: CliRuntime): Command {
  const program = new Command('stowage')
    .description('Stowage: migrations, backups, health checks and repair for your storage')
    .option('-c, --config <file>', 'configuration file (default: stowage.config.ts in the working directory)')
    .option('--json', 'print results as JSON on stdout, for scripts')
    .option('--no-progress', 'never draw progress bars (they are drawn only on a terminal anyway)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => runtime.streams.stdout.write(text),
      writeErr: (text) => runtime.streams.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Configuration comes from the environment (DB_*, DATABASE_URL, REDIS_URL, OBJECT_STORE_*, S3_*, GCS_*,
BACKUP_STORAGE_PATH) and stowage.config.ts (entities, migrations folder, backup retention).

Exit codes: 0 ok, 1 failure, 2 usage, 3 configuration, 4 backend unavailable, 5 not found,
6 checksum mismatch, 7 refused (non-empty restore target), 8 doctor found problems.`,
    );
  program.exitOverride();
  dbCommands(program, runtime);
  migrateCommands(program, runtime);
  backupCommands(program, runtime);
  doctorCommand(program, runtime);
  repairCommand(program, runtime);
  // Subcommands inherit the error handling and output of the program.
  for (const command of program.commands) {
    command
      .exitOverride()
      .configureOutput(program.configureOutput())
      .showHelpAfterError('(run with --help for usage)');
    for (const sub of command.commands) {
      sub
        .exitOverride()
        .configureOutput(program.configureOutput())
        .showHelpAfterError('(run with --help for usage)');
    }
  }
  return program;
}

/** Runs `stowage` with `argv` (as process.argv: node, script, args…); resolves to the exit code. */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const runtime: CliRuntime = {
    streams: options.streams ?? { stdout: process.stdout, stderr: process.stderr },
    env,
    cwd: options.cwd ?? process.cwd(),
    exitCode: EXIT.ok,
    redact: secretRedactor(env),
  };
  const program = buildProgram(runtime);
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv]);
    return runtime.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (and usage) already; --help and --version exit 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const code = exitCodeFor(error);
    const message = runtime.redact(error instanceof Error ? error.message : String(error));
    if (json) {
      const kind = (error as { code?: unknown }).code;
      runtime.streams.stdout.write(
        `${JSON.stringify({ error: { code: typeof kind === 'string' ? kind : 'ERROR', message, exitCode: code } }, null, 2)}\n`,
      );
    }
    runtime.streams.stderr.write(`stowage: ${message}\n`);
    if (error instanceof UsageError) runtime.streams.stderr.write('(run with --help for usage)\n');
    if (code === EXIT.failure && !(error as { code?: unknown }).code && env.STOWAGE_DEBUG) {
      runtime.streams.stderr.write(`${runtime.redact(String((error as Error).stack))}\n`);
    }
    return code;
  }
}
