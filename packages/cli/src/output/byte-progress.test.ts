import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { byteProgress, formatBytes } from './byte-progress.ts';
import { createReporter } from './reporter.ts';

/** A stream that records what is written, claiming to be a terminal or not. */
function terminal(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    }),
    { isTTY, columns: 120, cursorTo() {}, clearLine() {}, moveCursor() {} },
  );
  return { stream, text: () => text };
}

async function move(bytes: number, meter: NodeJS.ReadWriteStream) {
  await pipeline(
    Readable.from([Buffer.alloc(bytes / 2), Buffer.alloc(bytes / 2)]),
    meter,
    new PassThrough().resume(),
  );
}

describe('byteProgress', () => {
  it('draws size, percentage and rate on a terminal', async () => {
    const err = terminal(true);
    const reporter = createReporter(
      { stdout: terminal(true).stream, stderr: err.stream },
      { json: false, progress: true, redact: (t) => t },
    );
    const progress = byteProgress(reporter, 'download', 4 * 1024 * 1024);
    await move(4 * 1024 * 1024, progress.meter());
    progress.stop();
    expect(err.text()).toMatch(/download +\[[^\]]*\] 100% 4\.0 MiB of 4\.0 MiB at [\d.]+ (KiB|MiB|GiB)\/s/);
  });

  it('draws nothing when stderr is not a terminal, or with --json or --no-progress', async () => {
    for (const [isTTY, json, progress] of [
      [false, false, true],
      [true, true, true],
      [true, false, false],
    ] as const) {
      const err = terminal(isTTY);
      const reporter = createReporter(
        { stdout: terminal(isTTY).stream, stderr: err.stream },
        { json, progress, redact: (t) => t },
      );
      const bar = byteProgress(reporter, 'backup');
      await move(1024, bar.meter());
      bar.stop();
      expect(err.text()).toBe('');
    }
  });
});

describe('reporter', () => {
  it('prints JSON with --json, lines otherwise, redacted, without colour off a terminal', () => {
    const out = terminal(false);
    const lines = createReporter(
      { stdout: out.stream, stderr: terminal(false).stream },
      { json: false, progress: true, redact: (t) => t.replace('s3cret', '***') },
    );
    lines.result({ a: 1 }, [`${lines.style('green', 'ok')} s3cret`]);
    expect(out.text()).toBe('ok ***\n');

    const json = terminal(false);
    createReporter(
      { stdout: json.stream, stderr: terminal(false).stream },
      { json: true, progress: true, redact: (t) => t },
    ).result({ a: 1 }, ['ignored']);
    expect(JSON.parse(json.text())).toEqual({ a: 1 });
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
