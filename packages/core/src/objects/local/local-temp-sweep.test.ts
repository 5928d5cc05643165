// The sweep of staging files left by uploads whose process died.
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalObjectStore } from './local-fs-object-store.ts';
import { sweepStaleTempFiles } from './local-temp-sweep.ts';

const HOUR = 60 * 60 * 1000;
let root: string;
let tempDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'stowage-sweep-'));
  tempDir = path.join(root, '.tmp');
  await mkdir(tempDir);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Creates `<root>/.tmp/<name>`, last modified `ageMs` ago. */
async function tempFile(name: string, ageMs: number): Promise<void> {
  const file = path.join(tempDir, name);
  await writeFile(file, 'partial upload');
  const when = new Date(Date.now() - ageMs);
  await utimes(file, when, when);
}

async function tempNames(): Promise<string[]> {
  return (await readdir(tempDir)).sort();
}

describe('sweepStaleTempFiles', () => {
  it('deletes only staging files older than the age', async () => {
    await tempFile('old-1.part', 2 * HOUR);
    await tempFile('old-2.part', HOUR + 60_000);
    await tempFile('fresh.part', 0);
    await tempFile('recent.part', HOUR - 60_000);
    await tempFile('not-ours.txt', 5 * HOUR);
    await mkdir(path.join(tempDir, 'a-dir.part'));
    expect(await sweepStaleTempFiles(root, HOUR)).toBe(2);
    expect(await tempNames()).toEqual(['a-dir.part', 'fresh.part', 'not-ours.txt', 'recent.part']);
  });

  it('resolves to 0 when there is no staging folder or no root at all', async () => {
    await rm(tempDir, { recursive: true });
    expect(await sweepStaleTempFiles(root, HOUR)).toBe(0);
    expect(await sweepStaleTempFiles(path.join(root, 'missing'), 0)).toBe(0);
  });
});

describe('createLocalObjectStore sweeps stale staging files', () => {
  it('in the background at creation, with the default age of one hour', async () => {
    await tempFile('dead.part', 2 * HOUR);
    await tempFile('live.part', 10_000);
    const store = createLocalObjectStore({ root });
    await store.close(); // Waits for the sweep.
    expect(await tempNames()).toEqual(['live.part']);
  });

  it('with the configured age, or not at all for Infinity', async () => {
    await tempFile('dead.part', 10_000);
    await tempFile('live.part', 0);
    await createLocalObjectStore({ root, staleTempAfterMs: Number.POSITIVE_INFINITY }).close();
    expect(await tempNames()).toEqual(['dead.part', 'live.part']);
    await createLocalObjectStore({ root, staleTempAfterMs: 5_000 }).close();
    expect(await tempNames()).toEqual(['live.part']);
  });

  it('without failing creation when the root cannot be swept, and keeps working', async () => {
    const fileRoot = path.join(root, 'a-file');
    await writeFile(fileRoot, 'x');
    const broken = createLocalObjectStore({ root: fileRoot, staleTempAfterMs: 0 });
    await expect(broken.close()).resolves.toBeUndefined();
    const store = createLocalObjectStore({ root, staleTempAfterMs: 0 });
    await store.put('k', 'v');
    expect((await store.getBytes('k')).toString()).toBe('v');
    await store.close();
  });
});
