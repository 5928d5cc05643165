// Serves the app over a Stowage the test opened on 127.0.0.1 and a free port, over real HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Stowage } from '@stowage/core';
import { createApp } from './app.ts';
import { readSettings } from './settings.ts';
import { quiet } from './test-backends.test-support.ts';

export interface ListeningApp {
  url: string;
  close(): Promise<void>;
}

export async function listen(stowage: Stowage, env: NodeJS.ProcessEnv): Promise<ListeningApp> {
  const app = createApp(stowage, { ...readSettings(env), logger: quiet });
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
