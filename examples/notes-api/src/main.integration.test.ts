// `node src/main.ts` as a user starts it, configured by environment variables alone, on each
// setup: it prints the address it is bound to (127.0.0.1 unless HOST says otherwise) and curl
// lines that work when pasted into a shell, serves, and stops cleanly on SIGTERM.
import { type ChildProcess, execFile } from 'node:child_process';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Note } from './entities.ts';
import { startMain } from './start-main.test-support.ts';
import {
  type OpenedBackends,
  openEmbedded,
  openMariadbRedisGcs,
  openPostgresRedisS3,
} from './test-backends.test-support.ts';

const sh = promisify(execFile);

/** An IPv4 address of this machine other than loopback, if it has one. */
const nonLoopbackAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

const setups: [string, () => Promise<OpenedBackends>, RegExp][] = [
  ['the embedded defaults', openEmbedded, /database: sqlite, cache: memory, objects: local-fs/],
  ['PostgreSQL + Redis + S3', openPostgresRedisS3, /database: postgres, cache: redis, objects: minio/],
  ['MariaDB + Redis + GCS', openMariadbRedisGcs, /database: mysql, cache: redis, objects: gcs/],
];

describe.each(setups)('node src/main.ts on %s', (_name, open, banner) => {
  let backends: OpenedBackends | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await backends?.close();
  });

  it('prints its URL and working curl lines, serves, and stops on SIGTERM', async () => {
    backends = await open();
    const main = await startMain(backends.env);
    child = main.child;
    expect(main.stdout).toMatch(banner);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(main.stdout)?.[1];
    expect(url).toBeDefined();
    // Bound to loopback only: another address of this machine is refused.
    const other = nonLoopbackAddress();
    if (other && url) {
      const port = new URL(url).port;
      await expect(fetch(`http://${other}:${port}/health`)).rejects.toThrow();
    }
    const curls = main.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('curl '));
    expect(curls).toHaveLength(3);
    // Pasted into a shell as printed: create, list, health.
    const [create, list, health] = await Promise.all(curls.map((line) => sh('sh', ['-c', line])));
    const note = JSON.parse(create?.stdout ?? '') as Note;
    expect(note).toMatchObject({ title: 'Hello', body: 'First note', version: 1 });
    // The list ran concurrently with the create; read it again now.
    expect(JSON.parse(list?.stdout ?? '{}')).toHaveProperty('items');
    const listed = (await (await fetch(`${url}/notes`)).json()) as { items: Note[] };
    expect(listed.items.map((n) => n.id)).toContain(note.id);
    expect(JSON.parse(health?.stdout ?? '')).toMatchObject({ ok: true });
    // Without METRICS=true there is no /metrics (main-telemetry.integration.test.ts has it on).
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    // The note really is in the configured database.
    expect(await backends.stowage.repository(Note).findById(note.id)).toMatchObject({
      title: 'Hello',
    });

    main.child.kill('SIGTERM');
    const [code] = (await once(main.child, 'exit')) as [number | null];
    expect(code, main.stderr()).toBe(0);
  });
});

describe('node src/main.ts with a bad setting', () => {
  const runMain = (env: Record<string, string>) =>
    sh(process.execPath, [join(import.meta.dirname, 'main.ts')], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

  it.each([
    ['a bad ATTACHMENT_MAX_BYTES', { ATTACHMENT_MAX_BYTES: '10MB' }, /ATTACHMENT_MAX_BYTES: .*got "10MB"/],
    [
      'a bad variable of Stowage',
      { CACHE_DRIVER: 'memcached' },
      /CACHE_DRIVER: expected one of memory, redis/,
    ],
    [
      'a database that does not answer (password never shown)',
      { DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/notes' },
      /unavailable/i,
    ],
  ])('stops with one line and exit code 1 on %s', async (_name, env, message) => {
    const result = await runMain(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^notes-api: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('s3cret-pw');
  });

  it.each([
    ['a bad JSON_MAX_BYTES', { JSON_MAX_BYTES: '1MiB' }, /JSON_MAX_BYTES: .*got "1MiB"/],
    ['a bad HOST', { HOST: 'http://0.0.0.0' }, /HOST: .*got "http:\/\/0\.0\.0\.0"/],
    ['a bad METRICS', { METRICS: 'yes' }, /^notes-api: METRICS: expected true or false, got "yes"\n$/],
    [
      'an OTLP endpoint that is not a URL (not quoted back)',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'user:s3cret@collector:4318' },
      /^notes-api: OTEL_EXPORTER_OTLP_ENDPOINT: expected an http:\/\/ or https:\/\/ URL[^\n]*\n$/,
    ],
  ])('stops before listening on %s', async (_name, env, message) => {
    const result = await runMain(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('s3cret');
  });
});

describe('node src/main.ts with HOST set', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('listens where HOST says and prints that address (every interface for 0.0.0.0)', async () => {
    const backends = await openEmbedded();
    try {
      const main = await startMain({ ...backends.env, HOST: '0.0.0.0' });
      child = main.child;
      const port = /listening on http:\/\/0\.0\.0\.0:(\d+) \(every interface\)/.exec(main.stdout)?.[1];
      expect(port).toBeDefined();
      expect(main.stdout).toContain(`curl -s http://127.0.0.1:${port}/health`);
      const other = nonLoopbackAddress();
      if (other) expect((await fetch(`http://${other}:${port}/health`)).status).toBe(200);
      main.child.kill('SIGTERM');
      await once(main.child, 'exit');
    } finally {
      await backends.close();
    }
  });
});
