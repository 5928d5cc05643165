// After a delete, removes the object's directories that became empty, up to the store root, so
// deleted prefixes leave no litter. Best effort: a concurrent put may refill a directory
// (ENOTEMPTY) or another delete may have removed it first (ENOENT); both end the climb.
import { rmdir } from 'node:fs/promises';
import path from 'node:path';

export async function removeEmptyParents(root: string, objectPath: string): Promise<void> {
  let dir = path.dirname(objectPath);
  while (dir !== root && dir.startsWith(root + path.sep)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}
