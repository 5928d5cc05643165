// stowage.backup.age / .size from the application's `backups.read`: the newest backup's age and
// size, read at most once per everyMs; no point when there is no backup; a failed read logs,
// records nothing, and is tried again at the next collection.
import { describe, expect, it } from 'vitest';
import type { NewestBackup } from './backup-metrics.ts';
import { registerForTest, type Telemetry } from './telemetry.test-support.ts';

const HOUR = 3_600_000;

const gauges = async (telemetry: Telemetry) => {
  const metrics = await telemetry.metrics();
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.points[0]?.value;
  return { age: value('stowage.backup.age') as number | undefined, size: value('stowage.backup.size') };
};

describe('backup gauges', () => {
  it('report the newest backup’s age and size, reading the store at most once per everyMs', async () => {
    let reads = 0;
    const newest: NewestBackup = { finishedAt: new Date(Date.now() - 2 * HOUR), bytes: 123_456 };
    const telemetry = registerForTest({
      backups: {
        read: async () => {
          reads++;
          return newest;
        },
      },
    });
    try {
      const first = await gauges(telemetry);
      expect(first.size).toBe(123_456);
      expect(first.age).toBeGreaterThanOrEqual(7_200);
      expect(first.age).toBeLessThan(7_260);
      await gauges(telemetry);
      expect(reads).toBe(1);
    } finally {
      await telemetry.close();
    }
  });

  it('share one store read between collections that come at once, while it is still pending', async () => {
    let reads = 0;
    let answer: (newest: NewestBackup) => void = () => {};
    const telemetry = registerForTest({
      backups: {
        read: () => {
          reads++;
          return new Promise<NewestBackup>((resolve) => {
            answer = resolve;
          });
        },
      },
    });
    try {
      // Five scrapes arrive together (several Prometheus servers, a slow bucket).
      const scrapes = Promise.all(Array.from({ length: 5 }, () => gauges(telemetry)));
      await new Promise((resolve) => setTimeout(resolve, 10));
      answer({ finishedAt: new Date(Date.now() - 60_000), bytes: 42 });
      for (const seen of await scrapes) expect(seen.size).toBe(42);
      expect(reads).toBe(1);
    } finally {
      await telemetry.close();
    }
  });

  it('report nothing without a backup, and retry a failed read at the next collection', async () => {
    let reads = 0;
    const telemetry = registerForTest({
      backups: {
        everyMs: 60_000,
        read: async () => {
          reads++;
          if (reads === 1) throw new Error('bucket unreachable');
          return undefined;
        },
      },
    });
    try {
      expect(await gauges(telemetry)).toEqual({ age: undefined, size: undefined });
      expect(await gauges(telemetry)).toEqual({ age: undefined, size: undefined });
      expect(reads).toBe(2);
      // The answer "no backup" is kept like any other.
      await gauges(telemetry);
      expect(reads).toBe(2);
    } finally {
      await telemetry.close();
    }
  });
});
