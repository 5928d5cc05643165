// One run of a client tool: its stdout and stdin as pipes when asked, the end of its stderr kept
// for the error message, and a promise of how it ended.
import { type ChildProcess, spawn } from 'node:child_process';
import { toolEnv } from '@stowage/sql';

const STDERR_KEPT = 8 * 1024;

export interface ToolExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningTool {
  readonly child: ChildProcess;
  /** Settles once the tool exited and its pipes closed; rejects when it could not be started. */
  readonly exited: Promise<ToolExit>;
  /** The last few kilobytes the tool wrote to stderr. */
  stderr(): string;
  /** Ends the tool if it still runs. */
  kill(): void;
}

export interface ToolPipes {
  /** Feed the tool's stdin (a restore) or give it none. */
  stdin: boolean;
  /** Read the tool's stdout (a dump) or discard it. */
  stdout: boolean;
}

export function runTool(path: string, args: readonly string[], pipes: ToolPipes): RunningTool {
  const stdio = [pipes.stdin ? 'pipe' : 'ignore', pipes.stdout ? 'pipe' : 'ignore', 'pipe'] as const;
  // The parent's environment filtered (@stowage/sql); the connection comes from the defaults file.
  const child = spawn(path, args, { stdio: [...stdio], env: toolEnv(), windowsHide: true });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEPT);
  });
  const exited = new Promise<ToolExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  // Callers may look at `exited` late; a start failure must not count as unhandled meanwhile.
  exited.catch(() => {});
  return {
    child,
    exited,
    stderr: () => stderr.trim(),
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
