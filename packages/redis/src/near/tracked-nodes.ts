// Which masters a near cache tracks, for each topology: the server itself, every master of a
// cluster (node-redis's clients of them), or the master the sentinels name now — a failover
// changes its address, and the link then replaces its connections (redis-near-link.ts).
import { createClient } from '@redis/client';
import type { RedisClient, RedisConnection, RedisSentinel } from '../redis-client.ts';
import type { TrackedNodes } from './redis-near-link.ts';

export function trackedNodes(redis: RedisConnection, sentinelUrl: string | undefined): TrackedNodes {
  if (sentinelUrl === undefined) return async () => (await redis.nodes()) as RedisClient[];
  const sentinel = redis.native as RedisSentinel;
  const first = new URL(sentinelUrl);
  // The sentinels' credentials are the data nodes' too (as the cache's own connections use them).
  const auth = {
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
  };
  let known: { address: string; client: RedisClient } | undefined;
  return async () => {
    const master = sentinel.getMasterNode();
    if (!master) return [];
    const address = `${master.host}:${master.port}`;
    // Never connected itself: the link duplicates it for each tracking connection.
    if (known?.address !== address) {
      known = {
        address,
        client: createClient({ socket: { host: master.host, port: master.port }, ...auth }),
      };
    }
    return [known.client];
  };
}
