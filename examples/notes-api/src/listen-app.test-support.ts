// Serves the app over a Stowage the test opened on 127.0.0.1 and a free port, over real HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Stowage } from '@stowage/core';
import { afterAll, beforeAll } from 'vitest';
import { type AppOptions, createApp } from './app.ts';
import { readSettings } from './settings.ts';
import { type OpenedBackends, quiet } from './test-backends.test-support.ts';

export interface ListeningApp {
  url: string;
  close(): Promise<void>;
}

/** `options` adds what main.ts passes beside the settings (the telemetry's /metrics). */
export async function listen(
  stowage: Stowage,
  env: NodeJS.ProcessEnv,
  options: Pick<AppOptions, 'scrapeMetrics'> = {},
): Promise<ListeningApp> {
  const app = createApp(stowage, { ...readSettings(env), logger: quiet, ...options });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Backends and the app served over them for one describe block: opened before its tests, closed after. */
export interface ServedApi {
  readonly backends: OpenedBackends;
  readonly api: ListeningApp;
}

export function serveApi(open: () => Promise<OpenedBackends>, env: NodeJS.ProcessEnv = {}): ServedApi {
  let backends: OpenedBackends | undefined;
  let api: ListeningApp | undefined;
  beforeAll(async () => {
    backends = await open();
    api = await listen(backends.stowage, env);
  });
  afterAll(async () => {
    await api?.close();
    await backends?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the API is served from beforeAll on');
    return value;
  };
  return {
    get backends() {
      return opened(backends);
    },
    get api() {
      return opened(api);
    },
  };
}
