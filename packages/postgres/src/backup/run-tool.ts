// Runs pg_dump or pg_restore: the password only in the environment, stderr kept (bounded) for the
// error message, and a failed exit mapped to a typed error with the password masked.
import { type ChildProcess, spawn } from 'node:child_process';
import { ConfigError, type StowageError } from '@stowage/core';
import { toolError } from './tool-error.ts';

/** The tail of stderr kept for messages: the tools print their fatal error last. */
const STDERR_LIMIT = 16 * 1024;

export interface ToolRun {
  readonly child: ChildProcess;
  /**
   * Resolves when the tool exited 0 and its stdio closed (stdout read to the end); rejects with
   * the mapped error otherwise.
   */
  readonly finished: Promise<void>;
}

export interface ToolOptions {
  env: NodeJS.ProcessEnv;
  /** What the run does, for messages ("pg_dump of app"). */
  doing: string;
  password: string | undefined;
  /** stdin: "pipe" to write to the tool, "ignore" otherwise; stdout likewise. */
  stdin: 'pipe' | 'ignore';
  stdout: 'pipe' | 'ignore';
  context?: Record<string, unknown>;
  /** What a failure leaves behind, appended to its message. */
  outcome?: string;
}

export function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: readonly string[],
  options: ToolOptions,
): ToolRun {
  const child = spawn(tool, args, { env: options.env, stdio: [options.stdin, options.stdout, 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const fail = (failure: unknown): StowageError =>
    toolError(failure, {
      doing: options.doing,
      password: options.password,
      context: options.context,
      outcome: options.outcome,
    });

  const finished = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new ConfigError(
            `${tool} was not found on PATH: install the PostgreSQL client tools (e.g. the postgresql-client package) of the server's major version or newer`,
            undefined,
            { cause: error, context: { ...options.context, tool } },
          ),
        );
      } else {
        reject(fail(error));
      }
    });
    // 'close' comes after the exit and after stdout and stderr ended: the last byte is delivered.
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      reject(fail(stderr.trim() ? `${stderr.trim()} (${tool} ${why})` : `${tool} ${why}`));
    });
  });
  return { child, finished };
}
