// Removes the staging files of uploads that will never finish: a process that dies mid-put
// leaves its "<uuid>.part" file in <root>/.tmp. Only files not written to for longer than the
// given age go; younger ones may be live uploads of another process sharing the root. A live
// upload keeps writing, so its age stays near zero until it is published or abandoned.
import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_DIR_NAME, TEMP_FILE_SUFFIX } from './local-object-writer.ts';

/** Default for LocalObjectStoreOptions.staleTempAfterMs: one hour. */
export const DEFAULT_STALE_TEMP_AFTER_MS = 60 * 60 * 1000;

/**
 * Deletes the upload staging files in `<root>/.tmp` last modified more than `olderThanMs`
 * milliseconds ago and returns how many it deleted. Best effort: it never rejects, skips what
 * it cannot stat or delete, and touches nothing but the writer's "*.part" files.
 */
export async function sweepStaleTempFiles(root: string, olderThanMs: number): Promise<number> {
  const tempDir = path.join(path.resolve(root), TEMP_DIR_NAME);
  let names: string[];
  try {
    names = await readdir(tempDir);
  } catch {
    return 0; // No uploads yet (or no access): nothing to sweep.
  }
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(TEMP_FILE_SUFFIX)) continue;
    const file = path.join(tempDir, name);
    try {
      const stats = await lstat(file);
      if (!stats.isFile() || stats.mtimeMs >= cutoff) continue;
      await unlink(file);
      removed++;
    } catch {
      // Published, failed or swept by someone else meanwhile, or not ours to delete: skip it.
    }
  }
  return removed;
}
