// The writer's last abort check: a signal that fires after the body is on disk (while it is
// fsynced, say) still stops the publish, and the staging file goes.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeObjectFile } from './local-object-writer.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'stowage-writer-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const fields = { key: 'k', contentType: 'text/plain', cacheControl: undefined, metadata: {} };

describe('writeObjectFile', () => {
  it('does not publish when the signal fired after the last chunk', async () => {
    const controller = new AbortController();
    // The source ends normally, but the abort arrives once all of it has been read.
    async function* body() {
      yield Buffer.from('all of it');
      controller.abort(new Error('too late for the body, not for the publish'));
    }
    const target = path.join(root, 'k.obj');
    const outcome = writeObjectFile(root, target, fields, body(), {
      ifNotExists: false,
      signal: controller.signal,
    });
    await expect(outcome).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await readdir(root)).toEqual(['.tmp']);
    expect(await readdir(path.join(root, '.tmp'))).toEqual([]);
  });

  it('publishes when the signal never fires', async () => {
    const target = path.join(root, 'k.obj');
    async function* body() {
      yield Buffer.from('whole');
    }
    const signal = new AbortController().signal;
    const written = await writeObjectFile(root, target, fields, body(), { ifNotExists: true, signal });
    expect(written.header).toMatchObject({ key: 'k', size: 5 });
    expect((await readdir(root)).sort()).toEqual(['.tmp', 'k.obj']);
  });
});
