// The HTTP API as a Hono app over a Stowage the caller opened, so main.ts and the tests share it.
import { consoleLogger, type Logger, type Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { errorResponse } from './api-error.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { healthRoute } from './health-route.ts';
import { noteRoutes } from './note-routes.ts';
import { type AppSettings, DEFAULT_ATTACHMENT_MAX_BYTES } from './settings.ts';

export interface AppOptions extends Partial<AppSettings> {
  logger?: Logger;
}

export function createApp(stowage: Stowage, options: AppOptions = {}): Hono {
  const logger = options.logger ?? consoleLogger;
  const app = new Hono();
  app.route('/health', healthRoute(stowage));
  app.route('/notes', noteRoutes(stowage));
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
