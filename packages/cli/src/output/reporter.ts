// Where command output goes: results on stdout (JSON with --json, for scripts; lines otherwise),
// messages and progress on stderr. Colour only when the stream is a terminal (and NO_COLOR /
// FORCE_COLOR are honoured), which node:util's styleText decides for us.
import type { Writable } from 'node:stream';
import { styleText } from 'node:util';
import type { Redact } from '../errors/secret-redactor.ts';

export interface CliStreams {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

type Style = 'green' | 'red' | 'yellow' | 'dim' | 'bold';

export interface Reporter {
  readonly json: boolean;
  /** True when progress bars may be drawn (stderr is a terminal, and not --json / --no-progress). */
  readonly interactive: boolean;
  readonly stderr: CliStreams['stderr'];
  /** The command's result: `data` as JSON with --json, else `lines`. */
  result(data: unknown, lines: readonly string[]): void;
  /** A message on stderr (never with --json on stdout). */
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  style(style: Style, text: string): string;
}

export function createReporter(
  streams: CliStreams,
  options: { json: boolean; progress: boolean; redact: Redact },
): Reporter {
  const { json, redact } = options;
  const paint = (stream: CliStreams['stdout']) => (style: Style, text: string) =>
    styleText(style, text, { stream: stream as NodeJS.WriteStream });
  const out = paint(streams.stdout);
  const err = paint(streams.stderr);
  return {
    json,
    interactive: options.progress && !json && streams.stderr.isTTY === true,
    stderr: streams.stderr,
    result(data, lines) {
      const text = json ? JSON.stringify(data, null, 2) : lines.join('\n');
      if (text !== '') streams.stdout.write(`${redact(text)}\n`);
    },
    info: (line) => streams.stderr.write(`${redact(line)}\n`),
    warn: (line) => streams.stderr.write(`${err('yellow', 'warning:')} ${redact(line)}\n`),
    error: (line) => streams.stderr.write(`${err('red', 'error:')} ${redact(line)}\n`),
    style: out,
  };
}
