// The workspace's publishable packages: packages/* that are not private.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

export function publicPackages() {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .map((name) => ({
      dir: join(dir, name),
      manifest: JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')),
    }))
    .filter((pkg) => !pkg.manifest.private);
}
