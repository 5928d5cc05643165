import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../contracts/logger.ts';
import { createCacheStats } from './cache-stats.ts';
import { createFailOpen } from './fail-open.ts';

function recordingLogger() {
  const warn = vi.fn<Logger['warn']>();
  const logger: Logger = { debug() {}, info() {}, warn, error() {} };
  return { logger, warn };
}

describe('fail-open', () => {
  it('passes results through and counts the operation', async () => {
    const stats = createCacheStats();
    const failOpen = createFailOpen({
      backend: 'test',
      timeoutMs: 100,
      logger: recordingLogger().logger,
      stats,
    });
    await expect(failOpen.attempt('get', async () => 42)).resolves.toEqual({ ok: true, value: 42 });
    expect(stats.operations).toBe(1);
    expect(stats.errors).toBe(0);
    expect(stats.totalLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('absorbs rejections and synchronous throws as failures', async () => {
    const stats = createCacheStats();
    const failOpen = createFailOpen({
      backend: 'test',
      timeoutMs: 100,
      logger: recordingLogger().logger,
      stats,
    });
    await expect(failOpen.attempt('get', () => Promise.reject(new Error('down')))).resolves.toEqual({
      ok: false,
    });
    await expect(
      failOpen.attempt('get', () => {
        throw new Error('sync');
      }),
    ).resolves.toEqual({ ok: false });
    expect(stats.errors).toBe(2);
    expect(stats.operations).toBe(2);
  });

  it('gives up on a call that hangs', async () => {
    const stats = createCacheStats();
    const { logger, warn } = recordingLogger();
    const failOpen = createFailOpen({ backend: 'test', timeoutMs: 20, logger, stats });
    const started = Date.now();
    await expect(failOpen.attempt('get', () => new Promise(() => {}))).resolves.toEqual({ ok: false });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(stats.errors).toBe(1);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({
      operation: 'get',
      error: expect.stringContaining('timed out after 20 ms'),
    });
  });

  it('logs at most once per interval and reports how many were suppressed', async () => {
    let now = 0;
    const stats = createCacheStats();
    const { logger, warn } = recordingLogger();
    const failOpen = createFailOpen({
      backend: 'test',
      timeoutMs: 100,
      logger,
      stats,
      logIntervalMs: 10_000,
      now: () => now,
    });
    for (let i = 0; i < 5; i += 1) failOpen.report('get', new Error('down'));
    expect(warn).toHaveBeenCalledTimes(1);
    now = 9_999;
    failOpen.report('get', new Error('down'));
    expect(warn).toHaveBeenCalledTimes(1);
    now = 10_000;
    failOpen.report('set', new Error('down'));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]?.[1]).toMatchObject({ operation: 'set', suppressedSinceLastLog: 5 });
    expect(stats.errors).toBe(7);
  });

  it('redacts credentials from logged error messages', () => {
    const { logger, warn } = recordingLogger();
    const failOpen = createFailOpen({ backend: 'redis', timeoutMs: 100, logger, stats: createCacheStats() });
    failOpen.report('get', new Error('connect ECONNREFUSED redis://app:hunter2@cache:6379'));
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).not.toContain('hunter2');
    expect(logged).toContain('redis://app:***@cache:6379');
  });
});
