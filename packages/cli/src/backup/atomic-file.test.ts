import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file.ts';

/** 64 KiB chunks of `fill`, then `error` after `chunks` of them. */
function failingAfter(chunks: number, fill: number, error: Error): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent === chunks) this.destroy(error);
      else {
        sent += 1;
        this.push(Buffer.alloc(64 * 1024, fill));
      }
    },
  });
}

describe('writeFileAtomic', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'stowage-atomic-'));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('leaves no file and no temp file when the body fails midway', async () => {
    const boom = new Error('dump broke');
    const target = join(folder, 'id', 'dump.gz');
    await expect(writeFileAtomic(target, failingAfter(8, 1, boom))).rejects.toBe(boom);
    expect(await readdir(join(folder, 'id'))).toEqual([]);
  });

  it('keeps the previous file whole when a replacement fails midway', async () => {
    const target = join(folder, 'manifest.json');
    await writeFile(target, 'previous');
    await expect(writeFileAtomic(target, failingAfter(3, 2, new Error('broke')))).rejects.toThrow('broke');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(folder)).toEqual(['manifest.json']);
  });

  it('lands exactly one of 8 concurrent writers whole, with no temp file left', async () => {
    const target = join(folder, 'SHA256SUMS');
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(256 * 1024 + i, 65 + i));
    await Promise.all(bodies.map((body) => writeFileAtomic(target, Readable.from([body]))));
    const stored = await readFile(target);
    expect(bodies.some((body) => body.equals(stored))).toBe(true);
    expect(await readdir(folder)).toEqual(['SHA256SUMS']);
  });

  it('writes the file 0600 and the folders it creates 0700 whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const target = join(folder, 'a', 'b', 'dump.gz');
      await writeFileAtomic(target, 'data');
      expect((await stat(target)).mode & 0o777).toBe(0o600);
      expect((await stat(join(folder, 'a', 'b'))).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });
});
