// A master and a Redis Sentinel watching it, owned by a test: the master is an own redis-server,
// the sentinel is redis-server in sentinel mode with a config file of its own (sentinels rewrite
// their config), ready once it names the master's address.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { freePort, type OwnRedisServer, ownRedisServer } from '@stowage/test-support';

const REDIS_SERVER = process.env.STOWAGE_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface OwnRedisSentinel {
  readonly master: OwnRedisServer;
  readonly masterName: string;
  /** redis://127.0.0.1:<sentinel port> */
  readonly sentinelUrl: string;
  stop(): Promise<void>;
}

export async function ownRedisSentinel(masterName = 'stowage-test'): Promise<OwnRedisSentinel> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-redis-sentinel-'));
  const master = await ownRedisServer();
  const port = await freePort();
  const config = join(dir, 'sentinel.conf');
  await writeFile(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 1`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(REDIS_SERVER, [config, '--sentinel'], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    await master.stop();
    await rm(dir, { recursive: true, force: true });
  };
  const sentinelUrl = `redis://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; ; attempt++) {
      const probe = createClient({ url: sentinelUrl, socket: { reconnectStrategy: false } });
      probe.on('error', () => {});
      const address = await probe
        .connect()
        .then(() => probe.sendCommand(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName]))
        .catch(() => undefined)
        // node-redis 5 throws from destroy() on a client whose failed connect already closed it.
        .finally(() => {
          try {
            probe.destroy();
          } catch {}
        });
      if (Array.isArray(address) && address[1] === String(master.port)) break;
      if (attempt > 100) throw new Error('the test sentinel did not start watching its master');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { master, masterName, sentinelUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
