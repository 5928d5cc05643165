// The glue between commander and a command's work: resolves the configuration, builds the
// context, runs the action and always closes what it opened. Errors travel up to runCli, which
// prints them and picks the exit code.
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config/load-cli-config.ts';
import { type CliContext, createCliContext } from '../cli-context.ts';
import { configSecrets, type Redact, secretRedactor } from '../errors/secret-redactor.ts';
import { type CliStreams, createReporter } from '../output/reporter.ts';

export interface CliRuntime {
  streams: CliStreams;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Exit code chosen by the last command (doctor's "unhealthy"), default 0. */
  exitCode: number;
  /** Blanks secrets in anything printed; widened once the configuration is read. */
  redact: Redact;
}

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  progress?: boolean;
}

/** Wraps a command action: `work` gets the context and the command's own options. */
export function action<A extends unknown[]>(
  runtime: CliRuntime,
  // A number it resolves to is the exit code (doctor's "unhealthy").
  work: (context: CliContext, ...args: A) => Promise<unknown>,
) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const config = await loadCliConfig({ configFile: globals.config, cwd: runtime.cwd, env: runtime.env });
    runtime.redact = secretRedactor(runtime.env, await configSecrets(config.stowage));
    const reporter = createReporter(runtime.streams, {
      json: globals.json === true,
      progress: globals.progress !== false,
      redact: runtime.redact,
    });
    const context = createCliContext(config, reporter);
    try {
      const code = await work(context, ...(args.slice(0, -1) as A));
      if (typeof code === 'number') runtime.exitCode = code;
    } finally {
      await context.close();
    }
  };
}
