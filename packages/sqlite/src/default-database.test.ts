// With entities and no database configured, createStowage opens SQLite in ./data/stowage.sqlite
// (the embedded default). Run as a user would: its own process, in a folder of its own.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('opens the embedded SQLite file under ./data when entities come without a database', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'stowage-default-db-'));
  try {
    const script = join(import.meta.dirname, 'default-database.test-support.ts');
    const { stdout } = await run(process.execPath, [script], {
      cwd,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')).toEqual({ driver: 'sqlite', same: true });
    expect((await stat(join(cwd, 'data', 'stowage.sqlite'))).size).toBeGreaterThan(0);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
});
