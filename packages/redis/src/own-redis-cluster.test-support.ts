// A three-master Redis Cluster that a test owns: three redis-servers in cluster mode on free
// ports, joined by `redis-cli --cluster create`, ready once every node reports cluster_state:ok.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type OwnRedisServer, ownRedisServer } from '@stowage/test-support';

const run = promisify(execFile);
const REDIS_CLI = process.env.STOWAGE_TEST_REDIS_CLI ?? '/usr/bin/redis-cli';

export interface OwnRedisCluster {
  /** redis://127.0.0.1:<port> of every master. */
  readonly urls: string[];
  stop(): Promise<void>;
}

export async function ownRedisCluster(): Promise<OwnRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'stowage-redis-cluster-'));
  const servers: OwnRedisServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i++) {
      servers.push(
        await ownRedisServer([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${i}.conf`),
          '--cluster-node-timeout',
          '2000',
          '--dir',
          dir,
        ]),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await run(REDIS_CLI, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    for (let attempt = 0; ; attempt++) {
      const states = await Promise.all(
        servers.map(
          async (server) => (await run(REDIS_CLI, ['-p', String(server.port), 'cluster', 'info'])).stdout,
        ),
      );
      if (states.every((info) => info.includes('cluster_state:ok'))) break;
      if (attempt > 100) throw new Error('the test cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { urls: servers.map((server) => server.url), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
