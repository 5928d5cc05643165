// Starts the notes API: Stowage from the environment (embedded SQLite, memory cache and local
// files under ./data when nothing is set), pending migrations applied, interrupted transactions
// finished, then HTTP on HOST:PORT (127.0.0.1:3000 unless set).
import { serve } from '@hono/node-server';
import {
  consoleLogger,
  createStowage,
  isStowageError,
  loadConfig,
  type Stowage,
  type StowageConfig,
} from '@stowage/core';
import { createApp } from './app.ts';
import { entities } from './entities.ts';
import { describeAddress } from './listen-address.ts';
import { prepareDatabase } from './migrate-database.ts';
import { readSettings } from './settings.ts';

let settings: ReturnType<typeof readSettings>;
let config: StowageConfig;
let stowage: Stowage;
try {
  settings = readSettings();
  config = loadConfig();
  stowage = await createStowage(config, { entities });
  const { applied } = await prepareDatabase(stowage);
  if (applied.length > 0) console.log(`applied migrations: ${applied.join(', ')}`);
} catch (error) {
  // A ConfigError names the variable and what it expects, an UnavailableError the server that did
  // not answer (never its password): the stack adds nothing for a user.
  if (!isStowageError(error)) throw error;
  console.error(`notes-api: ${error.message}`);
  process.exit(1);
}

const { port, host, ...appSettings } = settings;
const app = createApp(stowage, { ...appSettings, logger: consoleLogger });
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const { bound, local: url } = describeAddress(info);
  const backends = `database: ${config.database?.driver ?? 'sqlite'}, cache: ${config.cache.driver}, objects: ${stowage.objects.backend}`;
  console.log(`notes-api listening on ${bound} (${backends})`);
  console.log('try:');
  console.log(
    `  curl -s -X POST ${url}/notes -H 'content-type: application/json' -d '{"title":"Hello","body":"First note"}'`,
  );
  console.log(`  curl -s ${url}/notes`);
  console.log(`  curl -s ${url}/health`);
  console.log('Ctrl-C stops it; README.md lists every route.');
});

const stop = () => {
  server.close(() => {
    stowage.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
