// GET /metrics (mounted only with METRICS=true): the Prometheus text of prometheus-metrics.ts. It
// has no authentication of its own: it is served where the API is, on loopback unless HOST says
// otherwise. It holds no stored value — table names, operations, outcomes, durations, the pool's
// counts — but does name the database server (host:port/database) and the bucket.
import { Hono } from 'hono';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-metrics.ts';

export function metricsRoute(scrape: () => Promise<string>): Hono {
  const app = new Hono();
  app.get('/', async (c) =>
    c.body(await scrape(), 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' }),
  );
  return app;
}
