import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { createCache } from './create-cache.ts';
import { quiet } from './test-server.test-support.ts';

describe('createCache', () => {
  it('refuses a configuration for another cache driver, naming CACHE_DRIVER', async () => {
    const error = await createCache(
      { driver: 'memory', namespace: 'x', timeoutMs: 50 },
      { logger: quiet },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isStowageError(error, 'CONFIG')).toBe(true);
    expect((error as { variable?: string }).variable).toBe('CACHE_DRIVER');
  });
});
