// Malformed Redis URLs handed to the adapter directly (not through loadConfig): a ConfigError
// naming the variable before any connection, never a raw TypeError, the password never shown.
import { inspect } from 'node:util';
import type { ConfigError } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { expectStowageError } from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';

const PW = 'Pw-Distinct-93';

describe('a malformed Redis URL', () => {
  it.each([
    `redis:/:${PW}@127.0.0.1:6379`,
    `:${PW}@127.0.0.1:6379`,
    `user:${PW}@127.0.0.1`,
    `redis://:${PW}@:6379`,
    `redis://:${PW}@127.0.0.1:99999`,
    `redis://:${PW}/x@127.0.0.1`,
    `http://:${PW}@127.0.0.1`,
  ])('REDIS_URL=%j is a ConfigError naming REDIS_URL', async (url) => {
    const error = await expectStowageError(createRedisCache({ url, logger: silentLogger }), 'CONFIG');
    expect((error as ConfigError).variable).toBe('REDIS_URL');
    for (const shown of [error.message, inspect(error, { depth: Infinity }), JSON.stringify(error)])
      expect(shown).not.toContain(PW);
  });

  it('names REDIS_CLUSTER_NODES and REDIS_SENTINELS for theirs', async () => {
    const cluster = await expectStowageError(
      createRedisCache({
        url: '',
        clusterNodes: ['redis://127.0.0.1:7000', `redis:/:${PW}@h`],
        logger: silentLogger,
      }),
      'CONFIG',
    );
    expect((cluster as ConfigError).variable).toBe('REDIS_CLUSTER_NODES');
    const sentinel = await expectStowageError(
      createRedisCache({
        url: '',
        sentinel: { master: 'm', nodes: [`rediss://:${PW}@h:26379`] },
        logger: silentLogger,
      }),
      'CONFIG',
    );
    expect((sentinel as ConfigError).variable).toBe('REDIS_SENTINELS');
    expect(`${cluster.message}${sentinel.message}`).not.toContain(PW);
  });
});
