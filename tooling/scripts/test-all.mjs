// `./dev test` (pnpm test:all): every check CI runs, in order, stopping at the first failure,
// then one closing line adding up the vitest reports of every package.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

const steps = [
  ['services', 'bash', ['tooling/services/ensure-services.sh', '--check-only']],
  ['lint + format', 'pnpm', ['exec', 'biome', 'ci', '.']],
  [
    'build, typecheck, package checks, unit + integration tests',
    'pnpm',
    [
      'exec',
      'turbo',
      'run',
      'build',
      'typecheck',
      'check:package',
      'test',
      'test:integration',
      '--concurrency=2',
      '--output-logs=new-only',
    ],
  ],
  ['release check (changeset version)', 'node', ['tooling/scripts/release-check.mjs']],
  ['pack-and-install smoke test', 'node', ['tooling/scripts/pack-smoke.mjs']],
];

// Reports from earlier runs must not be counted; turbo restores those of cached test tasks.
for (const dir of ['packages', 'examples', 'tooling'].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group)).map((name) => join(root, group, name, '.reports'))
    : [],
)) {
  rmSync(dir, { recursive: true, force: true });
}

const started = Date.now();
let failedStep;
for (const [label, command, args] of steps) {
  console.log(`\n▶ ${label}`);
  const t0 = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  console.log(`${result.status === 0 ? '✓' : '✗'} ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) {
    failedStep = label;
    break;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
for (const group of ['packages', 'examples', 'tooling']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const reports = join(dir, name, '.reports');
    if (!existsSync(reports)) continue;
    for (const file of readdirSync(reports).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(join(reports, file), 'utf8'));
      totals.passed += report.numPassedTests ?? 0;
      totals.failed += report.numFailedTests ?? 0;
      totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      totals.files += 1;
    }
  }
}

console.log(
  `\n${failedStep ? `✗ failed at: ${failedStep}` : '✓ all checks passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep ? 1 : totals.failed > 0 ? 1 : 0);
