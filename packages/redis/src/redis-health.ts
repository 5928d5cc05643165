// `stowage doctor`'s view of Redis: a PING that does not fail open (the cache's own reads would
// just report misses) and the server's counters from INFO stats. On a cluster, every master.
import { type CacheHealth, UnavailableError } from '@stowage/core';
import { shownUrl } from '@stowage/core/adapter';
import type { RedisConnection } from './redis-client.ts';

interface InfoClient {
  ping(): Promise<string>;
  info(section: string): Promise<string>;
}

/** keyspace_hits, keyspace_misses and total_error_replies out of an INFO stats reply. */
function counters(info: string) {
  const read = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return {
    hits: read('keyspace_hits'),
    misses: read('keyspace_misses'),
    errors: read('total_error_replies'),
  };
}

export function redisHealth(redis: RedisConnection, where: string): () => Promise<CacheHealth> {
  return async () => {
    const nodes = await redis.nodes();
    try {
      const started = performance.now();
      await Promise.all(nodes.map((node) => (node as unknown as InfoClient).ping()));
      const latencyMs = performance.now() - started;
      const replies = await Promise.all(nodes.map((node) => (node as unknown as InfoClient).info('stats')));
      const server = { hits: 0, misses: 0, errors: 0 };
      for (const reply of replies) {
        const one = counters(reply);
        server.hits += one.hits;
        server.misses += one.misses;
        server.errors += one.errors;
      }
      return { latencyMs, server };
    } catch (cause) {
      throw UnavailableError.backend('redis', `${shownUrl(where)} does not answer PING`, { cause });
    }
  };
}
