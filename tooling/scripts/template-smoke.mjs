// Template smoke test, run by pack-smoke.mjs with the tarballs it packed: every example copied out
// of the monorepo with copy-example.mjs as a user would (`./dev template`), installed against those
// tarballs (the copy's ^x.y.z ranges are not on npm before a release), type-checked, unit-tested
// and run. Catches a template that only works inside the workspace.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { knownExamples } from './copy-example.mjs';
import { root } from './public-packages.mjs';

const COPY_EXAMPLE = join(root, 'tooling', 'scripts', 'copy-example.mjs');

/** The environment an example runs with: embedded backends under `data`, nothing from the caller's. */
const appEnv = (data, extra = {}) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  OBJECT_STORE_PATH: join(data, 'objects'),
  DB_DRIVER: 'sqlite',
  DB_NAME: join(data, 'app.sqlite'),
  ...extra,
});

/** The copy's standalone vitest.config.ts must set up what the monorepo's shared config does. */
async function checkVitestConfig(dir) {
  const { stowageVitestConfig } = await import(pathToFileURL(join(root, 'tooling/vitest-config/index.js')));
  const { reporters: _, outputFile: __, ...shared } = stowageVitestConfig().test;
  const copy = (await import(pathToFileURL(join(dir, 'vitest.config.ts')).href)).default;
  assert.deepEqual(
    copy.test,
    shared,
    'tooling/vitest-config changed: update VITEST_CONFIG in tooling/scripts/copy-example.mjs to match',
  );
}

/** What each example does when run; an example without a check here fails the smoke test. */
const runChecks = {
  quickstart(dir, data) {
    const stdout = execFileSync(process.execPath, ['src/main.ts'], {
      cwd: dir,
      env: appEnv(data),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 60_000,
    });
    assert.match(
      stdout,
      /^repository: created note [0-9a-f-]{36}, read back "Hello from the quickstart", version 1$/m,
      `quickstart did not store and read back its note:\n${stdout}`,
    );
    assert.match(
      stdout,
      /^object store \(local-fs\): wrote \d+ bytes/m,
      `quickstart wrote no object:\n${stdout}`,
    );
    return 'ran on SQLite + local files';
  },

  async 'notes-api'(dir, data) {
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: dir,
      env: appEnv(data, { PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const exited = once(child, 'exit');
    try {
      const base = await listeningUrl(child, () => stdout, 30_000);
      // The copy carries its migrations: the first start applies the SQLite folder's.
      assert.match(
        stdout,
        /^applied migrations: \d{14}_initial/m,
        'notes-api applied no migration at start-up',
      );
      await exerciseNotesApi(base);
      child.kill('SIGTERM');
      const [code, signal] = await withTimeout(exited, 5_000, 'notes-api did not exit within 5 s of SIGTERM');
      assert.equal(code, 0, `notes-api exited with ${code ?? signal} on SIGTERM`);
      return 'applied its migrations, served POST/GET /notes, an attachment PUT + GET and a 400, then exited 0 on SIGTERM';
    } catch (error) {
      process.stderr.write(`notes-api stdout:\n${stdout}\nnotes-api stderr:\n${stderr}\n`);
      throw error;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  },
};

/** The base URL from main's `notes-api listening on http://<host>:<port>` line (HOST, default 127.0.0.1). */
async function listeningUrl(child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const base = /listening on (http:\/\/[^\s/]+:\d+)/.exec(output())?.[1];
    if (base) return base;
    if (child.exitCode !== null) throw new Error(`notes-api exited with ${child.exitCode} before listening`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`notes-api printed no "listening on" line within ${timeoutMs / 1000} s`);
}

async function exerciseNotesApi(base) {
  const json = { 'content-type': 'application/json' };
  const created = await fetch(`${base}/notes`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ title: 'Hello', body: 'b' }),
  });
  assert.equal(created.status, 201, `POST /notes: ${created.status} ${await created.clone().text()}`);
  const { id } = await created.json();
  assert.equal(typeof id, 'string', 'POST /notes returned no id');

  const read = await fetch(`${base}/notes/${id}`);
  assert.equal(read.status, 200, `GET /notes/${id}: ${read.status}`);
  assert.equal((await read.json()).title, 'Hello');

  const put = await fetch(`${base}/notes/${id}/attachment/a.txt`, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: 'hello',
  });
  assert.equal(put.status, 200, `PUT attachment: ${put.status} ${await put.text()}`);
  const download = await fetch(`${base}/notes/${id}/attachment`);
  assert.equal(download.status, 200, `GET attachment: ${download.status}`);
  assert.equal(await download.text(), 'hello');

  const malformed = await fetch(`${base}/notes`, { method: 'POST', headers: json, body: '{"title":' });
  assert.equal(malformed.status, 400, `POST /notes with malformed JSON: ${malformed.status}`);
  assert.equal((await malformed.json()).error?.code, 'MALFORMED_JSON');
}

async function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {object} options
 * @param {Record<string, string>} options.tarballs every public @stowage/* name → `file:` tarball
 * @param {string} options.work a scratch folder outside the workspace
 * @param {(dir: string) => void} options.install installs a project exactly as the pack smoke does
 * @param {(cmd: string, args: string[], cwd: string) => string} options.run runs a command, returning stdout
 * @param {string[]} [options.examples] all of examples/ unless given
 */
export async function templateSmoke({ tarballs, work, install, run, examples = knownExamples() }) {
  for (const example of examples) {
    const started = Date.now();
    const check = runChecks[example];
    if (!check)
      throw new Error(
        `template smoke: no run check for examples/${example}; add one to ${import.meta.filename}`,
      );
    const dir = join(work, `template-${example}`);
    run(process.execPath, [COPY_EXAMPLE, example, dir], root);

    const manifestFile = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    // The copy's @stowage/* ranges (^0.0.0 before a release) resolve to the packed tarballs.
    manifest.pnpm = { ...manifest.pnpm, overrides: tarballs };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    install(dir);

    const sharedConfig = join(root, 'examples', example, 'vitest.config.ts');
    if (existsSync(sharedConfig) && readFileSync(sharedConfig, 'utf8').includes('@stowage/vitest-config'))
      await checkVitestConfig(dir);
    run('pnpm', ['run', '--silent', 'typecheck'], dir);
    const tests = run('pnpm', ['test'], dir);
    const passed = /Tests\s+(\d+) passed/.exec(stripVTControlCharacters(tests))?.[1] ?? '?';

    const data = join(work, `template-${example}-data`);
    mkdirSync(data);
    const ran = await check(dir, data);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `template smoke: ${example} copied out, installed from the tarballs, typecheck + ${passed} unit tests, ${ran}: ok (${seconds} s)`,
    );
  }
}
