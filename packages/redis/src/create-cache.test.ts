import type { ConfigError } from '@stowage/core';
import { expectStowageError } from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createCache } from './create-cache.ts';
import { quiet } from './test-server.test-support.ts';

describe('createCache', () => {
  it('refuses a configuration for another cache driver, naming CACHE_DRIVER', async () => {
    const error = await expectStowageError(
      createCache({ driver: 'memory', namespace: 'x', timeoutMs: 50 }, { logger: quiet }),
      'CONFIG',
    );
    expect((error as ConfigError).variable).toBe('CACHE_DRIVER');
  });
});
