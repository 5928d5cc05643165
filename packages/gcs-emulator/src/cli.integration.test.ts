// The stowage-gcs-emulator bin: prints its URL on stdout, serves the API, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientFor } from './emulator.test-support.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

describe('stowage-gcs-emulator', () => {
  it('starts on --port 0, creates --bucket and answers', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--bucket', 'from-cli', '-b', 'second'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (text: string) => {
          output += text;
          const line = output.split('\n')[0];
          if (output.includes('\n') && line !== undefined) resolve(line.trim());
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const storage = clientFor(url);
      const [buckets] = await storage.getBuckets();
      expect(buckets.map((bucket) => bucket.name)).toEqual(['from-cli', 'second']);
      await storage.bucket('from-cli').file('hello.txt').save('hi', { resumable: false });
      expect((await storage.bucket('from-cli').file('hello.txt').download())[0].toString()).toBe('hi');
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    }
  });

  it('prints usage for --help and fails on an unknown flag', async () => {
    const help = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    help.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    expect((await once(help, 'exit'))[0]).toBe(0);
    expect(text).toContain('--port');
    expect(text).toContain('--data');
    const bad = spawn(process.execPath, [cli, '--nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect((await once(bad, 'exit'))[0]).toBe(2);
  });
});
