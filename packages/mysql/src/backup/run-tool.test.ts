import { describe, expect, it } from 'vitest';
import { runTool } from './run-tool.ts';

// Which variables pass (PATH, HOME, TMPDIR) is tested with toolEnv in @stowage/sql.
describe('the environment of mysqldump and mariadb', () => {
  it('is what a spawned tool sees', async () => {
    process.env.S3_SECRET_KEY_FOR_TEST = 's3-secret';
    try {
      const running = runTool('/usr/bin/env', [], { stdin: false, stdout: true });
      let out = '';
      running.child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      await running.exited;
      const names = out
        .trim()
        .split('\n')
        .map((line) => line.split('=')[0]);
      expect(names.sort()).toEqual(
        ['HOME', 'PATH', 'TMPDIR'].filter((n) => process.env[n] !== undefined).sort(),
      );
    } finally {
      delete process.env.S3_SECRET_KEY_FOR_TEST;
    }
  });
});
