// `./dev example [name] [args…]`: builds what the example needs (quietly, showing the log only on
// failure), then runs it with the caller's environment. The notes API is the default.
import { spawnSync } from 'node:child_process';
import { root } from './public-packages.mjs';

const [name = 'notes-api', ...args] = process.argv.slice(2);
const pkg = `@stowage/example-${name}`;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', `--filter=${pkg}...`, '--output-logs=errors-only'],
  {
    cwd: root,
    env,
    encoding: 'utf8',
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.exit(build.status ?? 1);
}
const run = spawnSync('pnpm', ['--filter', pkg, '--silent', 'start', ...args], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
