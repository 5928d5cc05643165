// `stowage backup prune` on a synthetic series of dated backups in BACKUP_STORAGE_PATH: the dry
// run deletes nothing; the real run leaves exactly the backups the policy keeps (worked out by
// hand below), each with both its files.
import { join } from 'node:path';
import { createLocalObjectStore } from '@stowage/core';
import { afterEach, describe, expect, it } from 'vitest';
import { putSyntheticBackup } from './backup/synthetic-backup.test-support.ts';
import { type CliProject, cliProject } from './cli-project.test-support.ts';

// Policy --keep-last 2 --keep-daily 3 --keep-monthly 2:
//   last 2  → A, B
//   daily 3 → A (11-28), C (11-27), E (11-25)
//   monthly → A (2026-11), G (2026-10)
const series = {
  A: '2026-11-28T10:00:00.000Z',
  B: '2026-11-28T04:00:00.000Z',
  C: '2026-11-27T22:00:00.000Z',
  D: '2026-11-27T09:00:00.000Z',
  E: '2026-11-25T12:00:00.000Z',
  F: '2026-11-20T12:00:00.000Z',
  G: '2026-10-30T12:00:00.000Z',
  H: '2026-10-02T12:00:00.000Z',
  I: '2026-09-15T12:00:00.000Z',
};
const kept = ['A', 'B', 'C', 'E', 'G'];

// The last part of an id is four hex digits: the letter's place in the alphabet.
const idOf = (letter: string, startedAt: string) =>
  `${startedAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-sqlite-app-${(letter.charCodeAt(0) - 64).toString(16).padStart(4, '0')}`;

describe('stowage backup prune', () => {
  let project: CliProject;
  afterEach(async () => {
    await project?.cleanup();
  });

  it('keeps exactly what the policy says', async () => {
    project = await cliProject({
      DB_DRIVER: 'sqlite',
      DB_NAME: './app.sqlite',
      BACKUP_STORAGE_PATH: './backups',
    });
    const ids: Record<string, string> = {};
    // Written the way the CLI writes them: through a local-file object store on the folder.
    const store = createLocalObjectStore({ root: join(project.dir, 'backups') });
    for (const [letter, startedAt] of Object.entries(series)) {
      const id = idOf(letter, startedAt);
      ids[letter] = id;
      await putSyntheticBackup(store, '', id, startedAt);
    }
    /** Every stored key, grouped by backup id. */
    const byId = async () => {
      const files = new Map<string, string[]>();
      for await (const info of store.listAll()) {
        const [id, file] = info.key.split('/') as [string, string];
        files.set(id, [...(files.get(id) ?? []), file].sort());
      }
      return files;
    };
    const stored = async () => [...(await byId()).keys()].sort();
    const all = Object.values(ids).sort();
    const policy = ['--keep-last', '2', '--keep-daily', '3', '--keep-monthly', '2'];

    const dry = await project.json<{ remove: string[]; dryRun: boolean }>([
      'backup',
      'prune',
      ...policy,
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.data.remove.sort()).toEqual(['D', 'F', 'H', 'I'].map((l) => ids[l]).sort());
    expect(await stored()).toEqual(all);

    const real = await project.run(['backup', 'prune', ...policy]);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('5 kept, 4 deleted');
    expect(await stored()).toEqual(kept.map((l) => ids[l]).sort());
    const files = await byId();
    for (const letter of kept) expect(files.get(ids[letter] as string)).toEqual(['dump.gz', 'manifest.json']);
    await store.close();
    const listed = await project.json<{ id: string }[]>(['backup', 'list']);
    expect(listed.data.map((m) => m.id)).toEqual(kept.map((l) => ids[l]));
  });

  it('refuses to prune without a policy', async () => {
    project = await cliProject({
      DB_DRIVER: 'sqlite',
      DB_NAME: './app.sqlite',
      BACKUP_STORAGE_PATH: './backups',
    });
    const result = await project.run(['backup', 'prune']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/No retention policy: pass --keep-last/);
    const bad = await project.run(['backup', 'prune', '--keep-last', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a whole number/);
  });
});
