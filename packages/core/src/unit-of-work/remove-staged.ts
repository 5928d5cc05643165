// Removing staged bodies once their transaction has ended (committed and applied, or rolled
// back). A failure is only logged: recover()'s staging sweep removes what is left once the
// folder is old enough and no outbox row refers to it.
import type { Logger } from '../contracts/logger.ts';
import type { ObjectStore } from '../contracts/object-store.ts';

function logLeft(logger: Logger, count: number, error: unknown): void {
  logger.warn('could not remove staged objects; the staging sweep of recover() will', {
    count,
    error: error instanceof Error ? error.message : String(error),
  });
}

/** Removes the staged keys a transaction recorded (every put, kept or not); how many, 0 on failure. */
export async function removeStagedKeys(
  objects: ObjectStore,
  keys: readonly string[],
  logger: Logger,
): Promise<number> {
  if (keys.length === 0) return 0;
  try {
    await objects.deleteMany(keys);
    return keys.length;
  } catch (error) {
    logLeft(logger, keys.length, error);
    return 0;
  }
}

/** Removes whole staging folders (recover() knows a transaction's folder, not its keys). */
export async function removeStagingFolders(
  objects: ObjectStore,
  folders: readonly string[],
  logger: Logger,
): Promise<void> {
  try {
    for (const folder of folders) await objects.deletePrefix(folder);
  } catch (error) {
    logLeft(logger, folders.length, error);
  }
}
