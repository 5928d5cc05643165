// A redis-server that a test owns: its own free port, no persistence, stopped and started again
// at will (the machine's server on :6379 is shared by everything else and must stay up).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { freePort } from './free-port.ts';

const REDIS_SERVER = process.env.STOWAGE_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface OwnRedisServer {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) on the same port and waits until it answers PING. */
  start(): Promise<void>;
  /** Kills the server at once, as a crash would. */
  stop(): Promise<void>;
}

/** True when a Redis answers PING on the port (NOAUTH counts: it is up, just password-protected). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

export async function ownRedisServer(extraArgs: readonly string[] = []): Promise<OwnRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: OwnRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        REDIS_SERVER,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
        { stdio: 'ignore' },
      );
      const failed = once(child, 'error');
      for (let i = 0; i < 100; i++) {
        if (await answers(port)) return;
        const early = await Promise.race([
          failed.then(() => true),
          new Promise((r) => setTimeout(r, 50, false)),
        ]);
        if (early) throw new Error(`${REDIS_SERVER} did not start (is the redis-server package installed?)`);
      }
      throw new Error(`redis-server on port ${port} did not answer within 5 s`);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}
