// `./dev template <example> <destination>` (pnpm template …): copies examples/<example> out of the
// monorepo as the start of a project of its own. Inside the workspace an example leans on things
// that do not exist outside it, so the copy gets real version ranges instead of `workspace:` and
// `catalog:`, and inlines what the unpublished tooling packages gave it (tsconfig, vitest config).
// Everything is checked before anything is written: a refused copy leaves the destination as it was.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { publicPackages, root } from './public-packages.mjs';

/** The arguments are wrong: exit code 2, the message alone. */
class UsageError extends Error {}
/** The example cannot become a template as it is: exit code 1, the message alone. */
class CopyError extends Error {}

const EXAMPLES = join(root, 'examples');
// Generated or local-only (see .gitignore): never part of a template.
const SKIP_ANYWHERE = new Set([
  'node_modules',
  'dist',
  '.turbo',
  '.reports',
  '.test-work',
  '.cache',
  'coverage',
]);
const SKIP_AT_TOP = new Set(['data']); // an example's embedded database and object files
const SKIP_SUFFIXES = ['.tsbuildinfo', '.tgz'];
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json)$/;

// What `stowageVitestConfig()` (tooling/vitest-config) sets up, minus the monorepo's JSON reports
// and integration global setup. template-smoke.mjs checks it still matches the shared config.
const VITEST_CONFIG = `// Unit tests (src/**/*.test.ts) run with \`pnpm test\`; integration tests
// (*.integration.test.ts, against real servers) with \`vitest run --project integration\`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Google's auth library looks for a GCE metadata server (a link-local address) when it
    // finds no credentials; tests must never send traffic off this machine.
    env: { METADATA_SERVER_DETECTION: 'none' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.integration.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.integration.test.ts', 'test/**/*.integration.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
`;

// A new project's first `git add .` should not take these (the example relies on the monorepo's).
const GITIGNORE = 'node_modules/\ndist/\ndata/\ncoverage/\n*.tsbuildinfo\n';

const formatJson = (value) => `${JSON.stringify(value, null, 2)}\n`;

export const knownExamples = () =>
  readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(EXAMPLES, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();

/** A valid npm package name from a folder name: "My App!" → "my-app". */
export function packageNameFor(folder) {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._~-]+|-+$/g, '')
    .slice(0, 214);
  return name || 'stowage-app';
}

function checkDestination(destination) {
  const inside = relative(root, destination);
  if (inside === '' || !(inside === '..' || inside.startsWith(`..${sep}`))) {
    // pnpm would take it for part of this workspace (pnpm-workspace.yaml above it).
    throw new UsageError(
      `destination ${destination} is inside the Stowage monorepo; choose a folder outside it`,
    );
  }
  if (!existsSync(destination)) return false;
  if (!lstatSync(destination).isDirectory())
    throw new UsageError(`destination ${destination} is not a folder`);
  if (readdirSync(destination).length > 0)
    throw new UsageError(`destination ${destination} exists and is not empty; choose a new or empty folder`);
  return true;
}

/** The example's files as paths relative to it, without generated ones. */
function listFiles(dir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (SKIP_ANYWHERE.has(entry.name) || (prefix === '' && SKIP_AT_TOP.has(entry.name))) continue;
    if (SKIP_SUFFIXES.some((suffix) => entry.name.endsWith(suffix))) continue;
    if (entry.isDirectory()) files.push(...listFiles(dir, rel));
    else if (entry.isFile()) files.push(rel);
    else
      throw new CopyError(
        `${join(dir, rel)}: neither a file nor a folder; copy-example.mjs copies only those`,
      );
  }
  return files;
}

/**
 * The example's package.json as `pnpm pack` would publish it: pnpm itself replaces `workspace:`
 * and `catalog:` ranges (reading pnpm-workspace.yaml), so this script needs no YAML parser.
 */
function packedManifest(exampleDir) {
  const out = mkdtempSync(join(tmpdir(), 'stowage-template-pack-'));
  try {
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: exampleDir, stdio: 'pipe' });
    const [tarball] = readdirSync(out).filter((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${exampleDir}`);
    return JSON.parse(
      execFileSync('tar', ['-xzOf', join(out, tarball), 'package/package.json'], { encoding: 'utf8' }),
    );
  } catch (error) {
    if (error.code === 'ENOENT')
      throw new CopyError(`${error.path} not found on PATH: run this through ./dev`);
    if (error.stderr?.length) process.stderr.write(error.stderr);
    throw error;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** package.json for the copy; `published` maps each public @stowage/* name to its version. */
function rewriteManifest(manifest, packed, name, published) {
  const copy = { ...manifest, name };
  for (const field of DEPENDENCY_FIELDS) {
    if (!manifest[field]) continue;
    copy[field] = {};
    for (const [dep, range] of Object.entries(manifest[field])) {
      if (range.startsWith('workspace:')) {
        // Unpublished workspace packages cannot be installed; whatever used them is replaced
        // below, and the source scan refuses any file still importing one.
        if (!published.has(dep)) continue;
        const version = packed[field]?.[dep] ?? published.get(dep);
        copy[field][dep] = /^\d/.test(version) ? `^${version}` : version;
      } else if (range.startsWith('catalog:')) {
        const pinned = packed[field]?.[dep];
        if (!pinned || pinned.startsWith('catalog:'))
          throw new Error(`pnpm pack left ${dep}@${range} unresolved`);
        copy[field][dep] = pinned;
      } else {
        copy[field][dep] = range;
      }
    }
  }
  copy.private = true; // an application, not a library to publish
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!copy.engines && rootManifest.engines) copy.engines = rootManifest.engines;
  const all = DEPENDENCY_FIELDS.flatMap((field) => Object.keys(copy[field] ?? {}));
  if (all.includes('@stowage/sqlite') || all.includes('better-sqlite3')) {
    // pnpm 10 runs no dependency build script unless listed: SQLite's native addon must build.
    const built = new Set([...(copy.pnpm?.onlyBuiltDependencies ?? []), 'better-sqlite3']);
    copy.pnpm = { ...copy.pnpm, onlyBuiltDependencies: [...built].sort() };
  }
  return copy;
}

/** tsconfig.json with an `extends` of a workspace package (@stowage/tsconfig) inlined. */
function inlineTsconfig(exampleDir, text) {
  const tsconfig = parseJson(text, join(exampleDir, 'tsconfig.json'));
  if (typeof tsconfig.extends !== 'string' || tsconfig.extends.startsWith('.')) return null;
  const require = createRequire(join(exampleDir, 'package.json'));
  const base = resolveTsconfig(require.resolve(tsconfig.extends));
  const { extends: _, $schema, ...own } = tsconfig;
  return formatJson({
    $schema: $schema ?? base.$schema,
    ...own,
    compilerOptions: { ...base.compilerOptions, ...own.compilerOptions },
  });
}

/** A tsconfig file with its own (relative) `extends` chain merged in. */
function resolveTsconfig(file) {
  const tsconfig = parseJson(readFileSync(file, 'utf8'), file);
  for (const key of Object.keys(tsconfig))
    if (!['$schema', 'extends', 'compilerOptions'].includes(key))
      throw new CopyError(`${file}: copy-example.mjs inlines only compilerOptions, not ${key}`);
  if (!tsconfig.extends) return tsconfig;
  const parent = resolveTsconfig(resolve(dirname(file), tsconfig.extends));
  return { ...tsconfig, compilerOptions: { ...parent.compilerOptions, ...tsconfig.compilerOptions } };
}

function parseJson(text, file) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CopyError(`${file}: not plain JSON (${error.message}); copy-example.mjs cannot rewrite it`);
  }
}

/** Every quoted '@stowage/…' specifier in the copy's source files that names no published package. */
function unpublishedImports(files, published) {
  const found = [];
  for (const [rel, text] of files) {
    if (!SOURCE_FILE.test(rel) || rel === 'package.json') continue;
    text.split('\n').forEach((line, index) => {
      for (const match of line.matchAll(/['"`](@stowage\/[^'"`/\s]+)/g))
        if (!published.has(match[1])) found.push(`${rel}:${index + 1} imports ${match[1]}`);
    });
  }
  return found;
}

export function copyExample(example, destinationArg, { cwd = process.cwd() } = {}) {
  const known = knownExamples();
  if (!known.includes(example))
    throw new UsageError(`unknown example ${JSON.stringify(example)}; known examples: ${known.join(', ')}`);
  const exampleDir = join(EXAMPLES, example);
  const destination = resolve(cwd, destinationArg);
  const existed = checkDestination(destination);

  const published = new Map(publicPackages().map((pkg) => [pkg.manifest.name, pkg.manifest.version]));
  const manifest = JSON.parse(readFileSync(join(exampleDir, 'package.json'), 'utf8'));
  const name = packageNameFor(basename(destination));
  const copyManifest = rewriteManifest(manifest, packedManifest(exampleDir), name, published);

  // Contents that differ from the example's; every other file is copied byte for byte.
  const replaced = new Map([['package.json', formatJson(copyManifest)]]);
  const files = listFiles(exampleDir);
  if (!files.includes('.gitignore')) {
    files.push('.gitignore');
    replaced.set('.gitignore', GITIGNORE);
  }
  if (files.includes('tsconfig.json')) {
    const inlined = inlineTsconfig(exampleDir, readFileSync(join(exampleDir, 'tsconfig.json'), 'utf8'));
    if (inlined) replaced.set('tsconfig.json', inlined);
  }
  for (const config of ['vitest.config.ts', 'vitest.config.js', 'vitest.config.mjs']) {
    if (
      files.includes(config) &&
      readFileSync(join(exampleDir, config), 'utf8').includes('@stowage/vitest-config')
    )
      replaced.set(config, VITEST_CONFIG);
  }

  const texts = files
    .filter((rel) => SOURCE_FILE.test(rel))
    .map((rel) => [rel, replaced.get(rel) ?? readFileSync(join(exampleDir, rel), 'utf8')]);
  const broken = unpublishedImports(texts, published);
  if (broken.length > 0) {
    throw new CopyError(
      `examples/${example} cannot be copied: these files use workspace packages that are not published, ` +
        `so the copy could not install them:\n  ${broken.join('\n  ')}\n` +
        'Make the example use only published packages, or teach tooling/scripts/copy-example.mjs to replace them.',
    );
  }

  try {
    for (const rel of files) {
      const target = join(destination, rel);
      mkdirSync(dirname(target), { recursive: true });
      if (replaced.has(rel)) writeFileSync(target, replaced.get(rel));
      else copyFileSync(join(exampleDir, rel), target);
    }
  } catch (error) {
    // Only what this run wrote: the destination was absent or empty.
    rmSync(destination, { recursive: true, force: true });
    if (existed) mkdirSync(destination);
    throw error;
  }
  return { destination, manifest: copyManifest, files };
}

function nextSteps(example, destinationArg, { destination, manifest, files }) {
  const lines = [
    `Copied examples/${example} to ${destination} as "${manifest.name}".`,
    '',
    'Next:',
    `  cd ${/[^\w./~-]/.test(destinationArg) ? `'${destinationArg.replaceAll("'", "'\\''")}'` : destinationArg}`,
    '  pnpm install',
  ];
  if (manifest.scripts?.start) lines.push(`  pnpm start        # ${manifest.scripts.start}`);
  if (manifest.scripts?.test) lines.push(`  pnpm test         # ${manifest.scripts.test}`);
  if (files.includes('README.md')) lines.push('', 'README.md in the copy describes the example.');
  return lines.join('\n');
}

if (import.meta.main) {
  const [example, destination, ...extra] = process.argv.slice(2);
  try {
    if (!example || !destination || extra.length > 0) {
      throw new UsageError(
        `usage: ./dev template <example> <destination>   (or: pnpm template <example> <destination>)\n` +
          `examples: ${knownExamples().join(', ')}`,
      );
    }
    // pnpm runs scripts from the workspace root; INIT_CWD is where the caller was.
    const result = copyExample(example, destination, { cwd: process.env.INIT_CWD ?? process.cwd() });
    console.log(nextSteps(example, destination, result));
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof CopyError)) throw error;
    console.error(`template: ${error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
}
