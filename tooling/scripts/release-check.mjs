// Release check: runs `changeset version` on a scratch copy of the workspace's manifests with a
// changeset for @stowage/core, and asserts that the fixed group moves every public package to the
// same new version, rewrites nothing private, and writes core's changelog entry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicPackages, root } from './public-packages.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'stowage-release-'));
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
try {
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(scratch, file));
  // Only the config: pending changesets of the real repo must not change the expected result.
  mkdirSync(join(scratch, '.changeset'));
  cpSync(join(root, '.changeset/config.json'), join(scratch, '.changeset/config.json'));
  const manifests = [];
  for (const group of ['packages', 'examples', 'tooling']) {
    for (const name of readdirSync(join(root, group))) {
      const from = join(root, group, name, 'package.json');
      if (!existsSync(from)) continue;
      mkdirSync(join(scratch, group, name), { recursive: true });
      cpSync(from, join(scratch, group, name, 'package.json'));
      manifests.push({ path: join(group, name, 'package.json'), before: read(from) });
    }
  }
  writeFileSync(
    join(scratch, '.changeset/check-bump.md'),
    '---\n"@stowage/core": minor\n---\n\nRelease check.\n',
  );
  execFileSync('git', ['init', '-q'], { cwd: scratch });
  execFileSync(join(root, 'node_modules/.bin/changeset'), ['version'], {
    cwd: scratch,
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  const publicNames = new Set(publicPackages().map((p) => p.manifest.name));
  const coreBefore = manifests.find((m) => m.before.name === '@stowage/core').before.version;
  const [major, minor] = coreBefore.split('.').map(Number);
  const expected = major === 0 ? `0.${minor + 1}.0` : `${major}.${minor + 1}.0`;
  for (const { path, before } of manifests) {
    const after = read(join(scratch, path));
    if (publicNames.has(before.name)) {
      assert.equal(after.version, expected, `${before.name} should move with the fixed group to ${expected}`);
    } else {
      assert.equal(after.version, before.version, `private ${before.name} must not be versioned`);
    }
  }
  const changelog = readFileSync(join(scratch, 'packages/core/CHANGELOG.md'), 'utf8');
  assert.match(changelog, new RegExp(`## ${expected.replaceAll('.', '\\.')}[\\s\\S]*Release check\\.`));
  assert.equal(existsSync(join(scratch, '.changeset/check-bump.md')), false, 'the changeset is consumed');
  console.log(
    `release check: a minor changeset on @stowage/core moves ${[...publicNames].join(', ')} from ${coreBefore} to ${expected}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
