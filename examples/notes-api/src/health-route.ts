// GET /health: the backend checks of `stowage doctor` (checkBackends from @stowage/core) on this
// process's own connections: database latency and server connections in use, cache latency and
// hit rate, object store latency. 200 when none failed (a warning still serves traffic), 503
// otherwise, for load balancers and `curl -f`.
import { checkBackends, type Stowage } from '@stowage/core';
import { Hono } from 'hono';

export function healthRoute(stowage: Stowage): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const checks = await checkBackends(stowage);
    const ok = checks.every((check) => check.status !== 'fail');
    return c.json({ ok, checks }, ok ? 200 : 503);
  });
  return app;
}
