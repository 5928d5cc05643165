// A progress bar for bytes moved (dump, upload, download, restore): size and rate, with the
// percentage when the total is known. Drawn by cli-progress, and only when the reporter is
// interactive; otherwise every call is a no-op.
import { PassThrough, Transform } from 'node:stream';
import { SingleBar } from 'cli-progress';
import type { Reporter } from './reporter.ts';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export interface ByteProgress {
  /** A pass-through stream that counts the bytes going by. */
  meter(): Transform;
  stop(): void;
}

export function byteProgress(reporter: Reporter, label: string, total?: number): ByteProgress {
  if (!reporter.interactive) {
    return { meter: () => new PassThrough(), stop() {} };
  }
  const started = Date.now();
  const bar = new SingleBar({
    stream: reporter.stderr as NodeJS.WritableStream,
    format:
      total === undefined
        ? `${label.padEnd(9)} {done} at {rate}/s`
        : `${label.padEnd(9)} [{bar}] {percentage}% {done} of {all} at {rate}/s`,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 30,
  });
  let moved = 0;
  const payload = () => ({
    done: formatBytes(moved),
    all: formatBytes(total ?? 0),
    rate: formatBytes(moved / Math.max((Date.now() - started) / 1000, 0.001)),
  });
  bar.start(total ?? 1, 0, payload());
  return {
    meter() {
      return new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          moved += chunk.length;
          bar.update(total === undefined ? 0 : moved, payload());
          callback(null, chunk);
        },
      });
    },
    stop() {
      bar.update(total ?? 1, payload());
      bar.stop();
    },
  };
}
