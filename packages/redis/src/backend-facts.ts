// What the CLI says about a Redis configuration; the URL is shown without its password.
import type { CacheConfig } from '@stowage/core';
import { type BackendFacts, shownUrl } from '@stowage/core/adapter';

export const backendFacts: BackendFacts<CacheConfig> = {
  describe: (config) => ('url' in config && config.url ? `Redis at ${shownUrl(config.url)}` : 'Redis'),
  variables: () => 'REDIS_URL / REDIS_CLUSTER_NODES / REDIS_SENTINELS',
  checkHint: () =>
    'start Redis or fix REDIS_URL; until then the application serves every read from the database',
  secretsOf: (config) => {
    if (!('url' in config) || !config.url) return [];
    try {
      const password = new URL(config.url).password;
      return password ? [decodeURIComponent(password)] : [];
    } catch {
      return [];
    }
  },
};
