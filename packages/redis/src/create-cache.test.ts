import type { ConfigError } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { expectStowageError } from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createCache } from './create-cache.ts';

describe('createCache', () => {
  it('refuses a configuration for another cache driver, naming CACHE_DRIVER', async () => {
    const error = await expectStowageError(
      createCache({ driver: 'memory', namespace: 'x', timeoutMs: 50 }, { logger: silentLogger }),
      'CONFIG',
    );
    expect((error as ConfigError).variable).toBe('CACHE_DRIVER');
  });
});
