// `node src/main.ts` with METRICS=true and an OTLP traces endpoint, on the embedded defaults: it
// prints a working /metrics curl line, serves Stowage's measurements there, and on SIGTERM
// exports its spans to the collector (a node:http server here) under service.name "notes-api"
// before exiting 0. Spans a collector refuses are lost with one line, not a failed exit. On
// PostgreSQL + Redis + S3, /metrics also has the pool's connections and, after a real
// `stowage backup create`, the newest backup's age and size.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type OtlpCollector, startOtlpCollector } from './otlp-collector.test-support.ts';
import { startMain } from './start-main.test-support.ts';
import { type OpenedBackends, openEmbedded, openPostgresRedisS3 } from './test-backends.test-support.ts';

const sh = promisify(execFile);
const exampleRoot = join(import.meta.dirname, '..');
// The package's own bin file: pnpm links node_modules/.bin/stowage only if dist existed at install.
const stowageBin = createRequire(import.meta.url)
  .resolve('@stowage/cli/package.json')
  .replace(/package\.json$/, 'dist/bin.js');

describe('node src/main.ts with telemetry', () => {
  let backends: OpenedBackends | undefined;
  let collector: OtlpCollector | undefined;
  let main: Awaited<ReturnType<typeof startMain>> | undefined;
  afterEach(async () => {
    if (main && main.child.exitCode === null) main.child.kill('SIGKILL');
    await backends?.close();
    await collector?.close();
  });

  it('serves /metrics, and exports its spans over OTLP when stopped', async () => {
    backends = await openEmbedded();
    collector = await startOtlpCollector();
    main = await startMain({
      ...backends.env,
      METRICS: 'true',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
    });
    expect(main.stdout).toContain('spans are exported over OTLP/HTTP');
    expect(main.stdout).not.toContain(collector.url);
    const curls = main.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('curl '));
    expect(curls).toHaveLength(4);
    const [create, , , scrape] = curls;
    await sh('sh', ['-c', create ?? '']);
    // As printed: `curl -s …/metrics | grep db_client`.
    const { stdout: scraped } = await sh('sh', ['-c', scrape ?? '']);
    expect(scraped).toMatch(
      /^db_client_operation_duration_bucket\{[^}]*db_collection_name="note",db_operation_name="create"[^}]*le="0\.005"\} [01]$/m,
    );

    main.child.kill('SIGTERM');
    const [code] = (await once(main.child, 'exit')) as [number | null];
    expect(code, main.stderr()).toBe(0);
    const spans = collector.spans();
    expect(spans.map((span) => span.name)).toContain('create note');
    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set(['notes-api']));
  });

  it('reports the pool and the newest backup on PostgreSQL + Redis + S3', async () => {
    backends = await openPostgresRedisS3();
    const env = { PATH: process.env.PATH ?? '', ...backends.env };
    await sh(process.execPath, [stowageBin, 'backup', 'create'], { cwd: exampleRoot, env });
    main = await startMain({ ...backends.env, METRICS: 'true' });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(main.stdout)?.[1];
    expect((await fetch(`${url}/notes`)).status).toBe(200);
    const text = await (await fetch(`${url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
    const pool = 'db_client_connection_pool_name="[^":]+:\\d+/[^"]+"'; // host:port/database
    expect(
      value(new RegExp(`^db_client_connection_count\\{[^}]*${pool}[^}]*state="idle"[^}]*\\} (\\d+)$`, 'm')),
    ).toBeGreaterThanOrEqual(0);
    expect(
      value(new RegExp(`^db_client_connection_max\\{[^}]*${pool}[^}]*\\} (\\d+)$`, 'm')),
    ).toBeGreaterThan(0);
    const age = value(/^stowage_backup_age(?:\{[^}]*\})? ([\d.]+)$/m);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(300);
    expect(value(/^stowage_backup_size(?:\{[^}]*\})? (\d+)$/m)).toBeGreaterThan(0);
  });

  it('exits 0 with one line when the collector is gone at shutdown', async () => {
    backends = await openEmbedded();
    collector = await startOtlpCollector();
    const endpoint = `${collector.url}/v1/traces`;
    await collector.close(); // nothing listens on its port any more
    main = await startMain({
      ...backends.env,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000', // read by the exporter: give up after 1 s, not 10
    });
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(main.stdout)?.[1];
    const created = await fetch(`${url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'lost span', body: '' }),
    });
    expect(created.status).toBe(201);

    main.child.kill('SIGTERM');
    const [code] = (await once(main.child, 'exit')) as [number | null];
    expect(code, main.stderr()).toBe(0);
    expect(main.stderr()).toMatch(/^notes-api: telemetry not flushed: /m);
  });
});
