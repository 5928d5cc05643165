// `stowage doctor` (the real bin, a child process) given a distinctive password in a malformed
// URL of every URL variable: exit code 3 naming the variable, the password on neither stdout
// nor stderr, with and without --json. And a Redis that wants another password: a failed cache
// check, the password still unseen.
import { type OwnRedisServer, ownRedisServer } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProject, cliProject } from './cli-project.test-support.ts';

const PW = 'Pw-Distinct-93';

const variables: [name: string, scheme: string, others: Record<string, string>][] = [
  ['DATABASE_URL', 'postgres', {}],
  ['DB_REPLICA_URLS', 'postgres', { DATABASE_URL: 'postgres://app@127.0.0.1/test' }],
  ['REDIS_URL', 'redis', {}],
  ['REDIS_CLUSTER_NODES', 'redis', {}],
  ['REDIS_SENTINELS', 'redis', { REDIS_SENTINEL_MASTER: 'main' }],
  ['S3_ENDPOINT', 'http', {}],
  ['GCS_API_ENDPOINT', 'http', {}],
];
const shapes = (s: string) => [
  `app:${PW}@127.0.0.1:5432/db`,
  `:${PW}@127.0.0.1:6379`,
  `${s}:/app:${PW}@127.0.0.1/db`,
  `${s}://app:${PW}@127.0.0.1:99999/db`,
];

describe('stowage doctor with a malformed URL', () => {
  let project: CliProject;
  beforeAll(async () => {
    project = await cliProject({ OBJECT_STORE_PATH: './objects' });
  });
  afterAll(async () => {
    await project.cleanup();
  });

  const cases = variables.flatMap(([name, scheme, others]) =>
    shapes(scheme).map((value) => ({ name, value, others })),
  );
  it.each(cases)('$name=$value: exit 3 naming it, the password nowhere', async ({ name, value, others }) => {
    const env = { ...others, [name]: value };
    const plain = await project.run(['doctor'], env);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toContain(`${name}: expected`);
    const json = await project.run(['--json', 'doctor'], env);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'CONFIG' } });
    for (const out of [plain.stdout, plain.stderr, json.stdout, json.stderr]) expect(out).not.toContain(PW);
  });
});

describe('stowage doctor and a Redis that wants a password', () => {
  let redis: OwnRedisServer;
  let project: CliProject;
  beforeAll(async () => {
    redis = await ownRedisServer(['--requirepass', 'the-right-one']);
    project = await cliProject({ OBJECT_STORE_PATH: './objects', CACHE_DRIVER: 'redis' });
  });
  afterAll(async () => {
    await project.cleanup();
    await redis.stop();
  });

  it('given none or a wrong one: the cache check fails naming REDIS_URL, the password unseen', async () => {
    for (const url of [`redis://127.0.0.1:${redis.port}`, `redis://:${PW}@127.0.0.1:${redis.port}`]) {
      const result = await project.json<{ checks: { check: string; status: string; detail: string }[] }>(
        ['doctor'],
        { REDIS_URL: url },
      );
      expect(result.code).toBe(8);
      const cache = result.data.checks.find((c) => c.check === 'cache');
      expect(cache).toMatchObject({ status: 'fail' });
      expect(cache?.detail).toContain('REDIS_URL');
      expect(`${JSON.stringify(result.data)}${result.stderr}`).not.toContain(PW);
    }
  });
});
