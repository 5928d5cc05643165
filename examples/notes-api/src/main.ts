// Starts the notes API: Stowage from the environment (embedded SQLite, memory cache and local
// files under ./data when nothing is set), pending migrations applied, interrupted transactions
// finished, then HTTP on HOST:PORT (127.0.0.1:3000 unless set). Telemetry (METRICS=true, an OTLP
// endpoint) starts first, so Stowage's calls from the very first are measured, and stops last.
import { serve } from '@hono/node-server';
import { newestBackup } from '@stowage/cli';
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
import { startTelemetry, type Telemetry } from './telemetry.ts';

let settings: ReturnType<typeof readSettings>;
let config: StowageConfig;
let stowage: Stowage;
let telemetry: Telemetry;
try {
  settings = readSettings();
  config = loadConfig();
  // Read at scrape time, when the Stowage below exists: its pools, and the newest backup where
  // `stowage backup create` puts it by default (the object store's backups/).
  telemetry = startTelemetry(settings, {
    databases: () => [stowage?.database],
    backups: { read: async () => (stowage ? newestBackup(stowage.objects) : undefined) },
  });
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

const { port, host, metrics, otlpTraces, ...appSettings } = settings;
const { scrapeMetrics } = telemetry;
const app = createApp(stowage, {
  ...appSettings,
  logger: consoleLogger,
  ...(scrapeMetrics ? { scrapeMetrics } : {}),
});
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
  if (metrics) console.log(`  curl -s ${url}/metrics | grep db_client`);
  // Not the collector's URL: it may carry credentials.
  if (otlpTraces) console.log('spans are exported over OTLP/HTTP (OTEL_EXPORTER_OTLP_*)');
  console.log('Ctrl-C stops it; README.md lists every route.');
});

/** Spans the collector did not take are lost, not a failed shutdown: one line, exit code 0. */
const flushTelemetry = () =>
  telemetry.shutdown().catch((error: unknown) => {
    const reasons = error instanceof AggregateError ? error.errors : [error];
    const said = reasons.map((reason) => (reason instanceof Error ? reason.message : String(reason)));
    console.error(`notes-api: telemetry not flushed: ${said.join('; ')}`);
  });

const stop = () => {
  server.close(async () => {
    let code = 0;
    try {
      await stowage.close();
    } catch (error) {
      console.error(error);
      code = 1;
    }
    // Last, so the spans of the final requests are exported too.
    await flushTelemetry();
    process.exit(code);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
