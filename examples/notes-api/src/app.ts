// The HTTP API as a Hono app over a Stowage the caller opened, so main.ts and the tests share it.
import { consoleLogger, type Logger, type Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { errorResponse } from './api-error.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { healthRoute } from './health-route.ts';
import { metricsRoute } from './metrics-route.ts';
import { noteRoutes } from './note-routes.ts';
import { searchRoutes } from './search-routes.ts';
import {
  type AppSettings,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DEFAULT_HEALTH_TIMEOUT_MS,
  DEFAULT_JSON_MAX_BYTES,
} from './settings.ts';
import { tagCountRoutes, tagRoutes } from './tag-routes.ts';

export interface AppOptions extends Partial<AppSettings> {
  logger?: Logger;
  /** Serves GET /metrics with this Prometheus text (telemetry.ts, METRICS=true); 404 without. */
  scrapeMetrics?: () => Promise<string>;
}

export function createApp(stowage: Stowage, options: AppOptions = {}): Hono {
  const logger = options.logger ?? consoleLogger;
  const app = new Hono();
  // No response is content-sniffed into something else (a JSON error or a download as HTML).
  app.use(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.route(
    '/health',
    healthRoute(stowage, {
      healthTimeoutMs: options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS,
      healthDetails: options.healthDetails ?? false,
    }),
  );
  if (options.scrapeMetrics) app.route('/metrics', metricsRoute(options.scrapeMetrics));
  const jsonMaxBytes = options.jsonMaxBytes ?? DEFAULT_JSON_MAX_BYTES;
  // Before noteRoutes, whose GET /notes/:id would otherwise take "search" for a note id.
  app.route('/notes', searchRoutes(stowage));
  app.route('/notes', noteRoutes(stowage, { jsonMaxBytes }));
  app.route('/notes', tagRoutes(stowage, { jsonMaxBytes }));
  app.route('/tags', tagCountRoutes(stowage));
  app.route(
    '/notes',
    attachmentRoutes(stowage, {
      attachmentMaxBytes: options.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
    }),
  );
  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => errorResponse(c, error, logger));
  return app;
}
