// Pack-and-install smoke test: `pnpm pack` every public package, install the tarballs into a
// throw-away project outside the workspace, import them and make real calls. Catches what
// workspace links hide: missing files in "files", wrong exports, catalog:/workspace: ranges
// left unreplaced, dependencies only hoisted in the monorepo. Then template-smoke.mjs does the same
// for every example copied out with `./dev template`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicPackages } from './public-packages.mjs';
import { templateSmoke } from './template-smoke.mjs';

const SMOKE = `
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@stowage/core';
import * as testkit from '@stowage/testkit';
import * as gcsEmulator from '@stowage/gcs-emulator';
import { z } from 'zod';

const root = mkdtempSync(join(tmpdir(), 'stowage-smoke-'));
const stowage = await core.createStowage(core.loadConfig({ OBJECT_STORE_PATH: root, CACHE_NAMESPACE: 'smoke' }));
const info = await stowage.objects.put('a/b.txt', 'hello', { contentType: 'text/plain' });
assert.equal(info.size, 5);
assert.equal((await stowage.objects.getBytes('a/b.txt')).toString(), 'hello');
let calls = 0;
const loader = async () => ++calls;
assert.equal(await stowage.cache.wrap('n', loader), 1);
assert.equal(await stowage.cache.wrap('n', loader), 1);
await assert.rejects(stowage.objects.put('../escape', 'x'), (e) => core.isStowageError(e, 'INVALID_KEY'));
assert.throws(() => core.loadConfig({ DB_PORT: 'x' }), (e) => e instanceof core.ConfigError && e.variable === 'DB_PORT');
// The factory loads @stowage/minio by name: its own option checks answer.
await assert.rejects(
  core.createStowage({
    objects: { driver: 'minio', endpoint: 'http://127.0.0.1:1', bucket: 'b', accessKey: 'a', secretKey: 's', region: 'us-east-1', pathStyle: true },
  }),
  (e) => core.isStowageError(e, 'CONFIG') && e.variable === 'OBJECT_STORE_BUCKET',
);
await stowage.close();

// The factory loads @stowage/gcs by name, here against @stowage/gcs-emulator from its tarball.
const emulator = await gcsEmulator.start({ buckets: ['smoke-bucket'] });
const withGcs = await core.createStowage(
  core.loadConfig({ GCS_API_ENDPOINT: emulator.url, OBJECT_STORE_BUCKET: 'smoke-bucket', CACHE_NAMESPACE: 'smoke' }),
);
assert.equal(withGcs.objects.backend, 'gcs');
await withGcs.objects.put('g/hello.txt', 'from gcs', { contentType: 'text/plain' });
assert.equal((await withGcs.objects.getBytes('g/hello.txt')).toString(), 'from gcs');
await withGcs.close();
await emulator.close();

// The factory loads @stowage/redis by name from REDIS_URL, as an application's would.
const namespace = 'stowage-smoke:' + process.pid + ':' + Date.now();
const redisEnv = { REDIS_URL: process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', CACHE_NAMESPACE: namespace, OBJECT_STORE_DRIVER: 'memory' };
const withRedis = await core.createStowage(core.loadConfig(redisEnv));
const other = await core.createStowage(core.loadConfig(redisEnv));
await withRedis.cache.set('shared', { at: new Date(7), n: 7n });
assert.deepEqual(await other.cache.get('shared'), { at: new Date(7), n: 7n });
await withRedis.cache.clear();
await withRedis.close();
await other.close();

// The factory loads @stowage/sqlite by name, as an application's would.
const Note = core.defineEntity({
  name: 'Note',
  schema: z.object({ id: z.uuid(), title: z.string().max(200), version: z.number().int() }),
  generated: 'uuid',
  version: 'version',
});
// @stowage/otel subscribed (global no-op providers, no SDK installed): calls answer as before.
const instrumentation = (await import('@stowage/otel')).registerStowageInstrumentation();
const withDb = await core.createStowage(
  core.loadConfig({ DB_DRIVER: 'sqlite', DB_NAME: join(root, 'app.sqlite'), OBJECT_STORE_PATH: root }),
  { entities: [Note] },
);
await withDb.database.syncSchema();
const notes = withDb.repository(Note);
const note = await notes.create({ title: "'; DROP TABLE note; --" });
assert.equal((await notes.getById(note.id)).title, "'; DROP TABLE note; --");
assert.equal((await notes.update(note.id, { title: 'b' }, { expectedVersion: 1 })).version, 2);
await assert.rejects(notes.create({ title: 42 }), (e) => core.isStowageError(e, 'VALIDATION'));
await withDb.close();
instrumentation.unregister();
assert.equal(typeof testkit.cacheConformance, 'function');
assert.equal(typeof testkit.repositoryConformance, 'function');
assert.equal(typeof testkit.objectStoreConformance, 'function');
console.log('smoke: object put/get, cache wrap, typed errors, GCS (on the emulator), Redis cache and SQLite repository through the factory (with @stowage/otel subscribed): ok');
`;

const work = mkdtempSync(join(tmpdir(), 'stowage-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const run = (cmd, args, cwd, timeout) => {
  try {
    return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout });
  } catch (error) {
    // What the command printed usually says why.
    process.stderr.write(String(error.stdout ?? ''));
    throw error;
  }
};

// --prefer-offline: resolve from the metadata the workspace install already cached where it can.
// pnpm 10 hangs, idle with no socket open, after a registry request fails (seen when it did not
// trust the registry proxy's CA; tooling/bootstrap/toolchain.sh now passes npm's cafile on): give
// it 5 minutes, then try once more rather than hang the whole run.
const install = (dir) => {
  const attempt = () =>
    run(
      'pnpm',
      [
        'install',
        '--ignore-workspace',
        '--prefer-offline',
        '--reporter=append-only',
        '--config.strict-peer-dependencies=false',
      ],
      dir,
      5 * 60 * 1000,
    );
  try {
    attempt();
  } catch (error) {
    if (error.code !== 'ETIMEDOUT') throw error;
    console.error(`pack smoke: pnpm install in ${dir} timed out after 5 minutes; trying once more`);
    attempt();
  }
};

try {
  const packages = publicPackages();
  for (const pkg of packages) run('pnpm', ['pack', '--pack-destination', tarballs], pkg.dir);
  const files = readdirSync(tarballs);
  const dependencies = {};
  for (const pkg of packages) {
    const base = pkg.manifest.name.replace('@', '').replace('/', '-');
    const file = files.find((f) => f.startsWith(`${base}-${pkg.manifest.version}`));
    if (!file) throw new Error(`no tarball for ${pkg.manifest.name}`);
    const manifest = JSON.parse(run('tar', ['-xzOf', join(tarballs, file), 'package/package.json']));
    const ranges = JSON.stringify([manifest.dependencies, manifest.peerDependencies]);
    if (/workspace:|catalog:/.test(ranges))
      throw new Error(`${file} still has workspace:/catalog: ranges: ${ranges}`);
    dependencies[pkg.manifest.name] = `file:${join(tarballs, file)}`;
  }
  execFileSync('mkdir', ['-p', app]);
  // testkit's peer, vitest, comes from the registry like any user's would.
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'smoke',
        private: true,
        type: 'module',
        dependencies: { ...dependencies, vitest: '^5.0.0', zod: '^4.0.0' },
        // pnpm 10 runs no install scripts unless allowed: SQLite's native addon must build.
        // Packages depend on each other (postgres → sql → core): resolve those to the tarballs too.
        pnpm: { onlyBuiltDependencies: ['better-sqlite3'], overrides: dependencies },
      },
      null,
      2,
    ),
  );
  install(app);
  writeFileSync(join(app, 'smoke.mjs'), SMOKE);
  process.stdout.write(run('node', ['smoke.mjs'], app));
  // The `stowage` bin from its tarball, loading @stowage/sqlite by name from the application.
  const stowage = (args) =>
    execFileSync(join(app, 'node_modules', '.bin', 'stowage'), ['--json', ...args], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DB_DRIVER: 'sqlite',
        DB_NAME: './cli.sqlite',
        BACKUP_STORAGE_PATH: './backups',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
  // migrate status opens (and so creates) the SQLite file and its migrations table.
  const status = JSON.parse(stowage(['migrate', 'status']));
  if (status.executed.length !== 0 || status.pending.length !== 0)
    throw new Error('stowage migrate status: unexpected');
  const backup = JSON.parse(stowage(['backup', 'create']));
  const verified = JSON.parse(stowage(['backup', 'verify', backup.id]));
  if (verified.manifest.sha256 !== backup.sha256) throw new Error('stowage backup verify: wrong backup');
  console.log(`smoke: stowage migrate status, backup create + verify (${backup.id}) from the tarball: ok`);
  console.log(
    `pack smoke: ${packages.map((p) => p.manifest.name).join(', ')} installed from tarballs and working`,
  );
  // Each example copied out as a template, installed from the same tarballs and run.
  await templateSmoke({ tarballs: dependencies, work, install, run });
} finally {
  rmSync(work, { recursive: true, force: true });
}
