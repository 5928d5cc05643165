// `node src/main.ts` as a user starts it, for the tests that check what it prints and serves.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Starts main.ts on a free port; resolves once it printed its curl lines. */
export async function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'main.ts')], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('Ctrl-C')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`main.ts exited with ${code} before listening:\n${stderr}`)),
    );
  });
  return { child, stdout, stderr: () => stderr };
}
