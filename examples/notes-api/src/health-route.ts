// GET /health: 200 when the database, the cache and the object store each answer a round trip,
// 503 naming the ones that did not (for load balancers and `curl -f`).
import type { Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { Note } from './entities.ts';

async function check(probe: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await probe();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function healthRoute(stowage: Stowage): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const { database, cache, objects } = stowage;
    const [db, cacheFailure, objectsFailure] = await Promise.all([
      check(() => database?.health?.() ?? stowage.repository(Note).count()),
      // A Redis cache turns failures into misses; health() is the call that reports them.
      check(() => cache.health?.() ?? cache.get('health')),
      check(() => objects.exists('health/probe')),
    ]);
    const failed = Object.fromEntries(
      Object.entries({ database: db, cache: cacheFailure, objects: objectsFailure }).filter(
        (entry) => entry[1] !== undefined,
      ),
    );
    if (Object.keys(failed).length > 0) return c.json({ ok: false, failed }, 503);
    return c.json({ ok: true });
  });
  return app;
}
