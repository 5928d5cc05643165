// Cached repositories on the real PostgreSQL and Redis: readers and writers on the same rows, and
// every invalidation after the commit (a schema and a namespace of this run's own) — with and
// without the near cache in front of Redis.
import { cachedRepositoryConformance } from '@stowage/testkit';
import { openPostgres, openRedis, runSuffix } from './test-backends.test-support.ts';

for (const near of [false, true]) {
  cachedRepositoryConformance({
    name: near ? 'postgres + redis with a near cache' : 'postgres + redis',
    raceMs: 3_000,
    open: async (entities) => {
      const suffix = runSuffix();
      const database = await openPostgres(entities, suffix);
      const cache = await openRedis(suffix, near ? { near: {} } : {});
      return {
        database,
        cache,
        async close() {
          await cache.close();
          await database.close();
        },
      };
    },
  });
}
