// Runs the quickstart as a user would (node, its own process) in a fresh folder, so the embedded
// defaults put ./data there, and checks each line it prints against the SQLite file and the objects.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createStowage, defineEntity, loadConfig } from '@stowage/core';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

const run = promisify(execFile);
const main = join(import.meta.dirname, 'main.ts');
const runIn = (cwd: string, env: Record<string, string> = {}) =>
  run(process.execPath, [main], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });

// The test's own copy of the program's entity: reading the file back through it checks the table.
const Note = defineEntity({
  name: 'Note',
  schema: z.object({ id: z.uuid(), title: z.string(), version: z.number().int(), createdAt: z.date() }),
  generated: 'uuid',
  version: 'version',
  timestamps: { createdAt: 'createdAt' },
});

const REPOSITORY_LINE = /^repository: created note (\S+), read back "(.+)", version (\d+)$/;
const OBJECT_LINE = /^object store \(local-fs\): wrote (\d+) bytes to (\S+), read back (".*")$/;

const folders: string[] = [];
/** A fresh folder to run in, removed after the test. */
const freshFolder = async (): Promise<string> => {
  const folder = await mkdtemp(join(tmpdir(), 'stowage-quickstart-'));
  folders.push(folder);
  return folder;
};

describe('quickstart', () => {
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it('stores a note, counts notes through the cache and writes an object; a second run adds one', async () => {
    const folder = await freshFolder();
    for (const total of [1, 2]) {
      const lines = (await runIn(folder)).stdout.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toBe('database (sqlite): table for Note ready');
      const [, id = '', title, version] = REPOSITORY_LINE.exec(lines[1] ?? '') ?? [];
      expect(title).toBe('Hello from the quickstart');
      expect(version).toBe('1');
      expect(lines[2]).toBe(`cache (memory): ${total} note(s), loader ran 1 time(s) for 2 reads`);
      const [, size, key = '', readBack = '""'] = OBJECT_LINE.exec(lines[3] ?? '') ?? [];
      const text = JSON.parse(readBack) as string;
      expect(key).toBe(`notes/${id}.txt`);
      const [, createdAt = ''] = /^Hello from the quickstart\ncreated (\S+)\n$/.exec(text) ?? [];
      expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(Buffer.byteLength(text)).toBe(Number(size));

      // What it printed is what is stored: the SQLite file in ./data and the objects under ./data/objects.
      const data = join(folder, 'data');
      const stowage = await createStowage(
        loadConfig({
          DB_DRIVER: 'sqlite',
          DB_NAME: join(data, 'stowage.sqlite'),
          OBJECT_STORE_PATH: join(data, 'objects'),
        }),
        { entities: [Note] },
      );
      try {
        const notes = stowage.repository(Note);
        expect(await notes.getById(id)).toEqual({
          id,
          title,
          version: 1,
          createdAt: new Date(createdAt),
        });
        expect(await notes.count()).toBe(total);
        expect((await stowage.objects.getBytes(key)).toString('utf8')).toBe(text);
      } finally {
        await stowage.close();
      }
      // The local store keeps the body first in "<folder>.dir/<name>.obj", followed by its header.
      const file = await readFile(join(data, 'objects', 'notes.dir', `${id}.txt.obj`));
      expect(file.subarray(0, Number(size)).toString('utf8')).toBe(text);
    }
  }, 60_000);

  it.each([
    [
      'a ConfigError',
      { CACHE_DRIVER: 'memcached' },
      'CACHE_DRIVER: expected one of memory, redis, got "memcached"',
    ],
    // Found before any connection is tried, so no server is needed.
    [
      'a missing driver package',
      { DATABASE_URL: 'postgres://app@127.0.0.1:5432/app' },
      'needs the package @stowage/postgres',
    ],
  ])('stops with one line and exit code 1 on %s', async (_, env, message) => {
    const folder = await freshFolder();
    const failure = await runIn(folder, env).catch((error: { stderr: string; code: number }) => error);
    expect('code' in failure && failure.code).toBe(1);
    const { stderr } = failure as { stderr: string };
    expect(stderr).toMatch(/^quickstart: [^\n]+\n$/);
    expect(stderr).toContain(message);
    // Nothing was written.
    expect(await readdir(folder)).toEqual([]);
  });
});
