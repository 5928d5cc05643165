// Runs the quickstart as a user would (node, its own process) on embedded defaults in a temp
// folder, and checks what it says it did against what is on disk.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('quickstart', () => {
  it('writes and reads an object and computes a cached value once', async () => {
    const data = await mkdtemp(join(tmpdir(), 'stowage-quickstart-'));
    const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'main.ts')], {
      env: { PATH: process.env.PATH ?? '', OBJECT_STORE_PATH: data },
    });
    expect(stdout).toMatch(
      /object store \(local-fs\): wrote \d+ bytes to greetings\/hello.txt, md5 [0-9a-f]{32}/,
    );
    expect(stdout).toMatch(/read back "Hello from Stowage at \d{4}-/);
    expect(stdout).toContain('loader ran 1 time(s) for 2 reads; Date survived the round trip: true');
    expect(stdout).toContain('cache stats: 1 hit(s), 1 miss(es)');
    // The object really is on disk under the configured root.
    expect((await readdir(data, { recursive: true })).some((entry) => entry.includes('greetings'))).toBe(
      true,
    );
  });

  it('fails with a ConfigError naming the variable when the environment is wrong', async () => {
    const failure = await run(process.execPath, [join(import.meta.dirname, 'main.ts')], {
      env: { PATH: process.env.PATH ?? '', CACHE_DRIVER: 'memcached' },
    }).catch((error: { stderr: string; code: number }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toContain(
      'CACHE_DRIVER: expected one of memory, redis, got "memcached"',
    );
  });
});
