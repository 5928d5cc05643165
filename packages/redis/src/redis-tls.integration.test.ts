// rediss:// against a redis-server of the test's own with TLS on (its own CA and certificate; the
// plain port only serves the readiness check): verified with REDIS_TLS_CA, and every way the
// certificate can fail to check out is a ConfigError naming REDIS_TLS_CA.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConfigError, createStowage, loadConfig } from '@stowage/core';
import {
  freePort,
  makeTestCertificates,
  type OwnRedisServer,
  ownRedisServer,
  silentLogger,
  type TestCertificates,
} from '@stowage/test-support';
import { expectStowageError } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache } from './index.ts';

describe('rediss://', () => {
  let dir: string;
  let certs: TestCertificates;
  let server: OwnRedisServer;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-redis-tls-'));
    certs = await makeTestCertificates(dir);
    const tlsPort = await freePort();
    server = await ownRedisServer([
      '--tls-port',
      String(tlsPort),
      '--tls-cert-file',
      certs.certFile,
      '--tls-key-file',
      certs.keyFile,
      '--tls-ca-cert-file',
      certs.caFile,
      '--tls-auth-clients',
      'no',
    ]);
    url = `rediss://127.0.0.1:${tlsPort}`;
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects with REDIS_URL=rediss://… and REDIS_TLS_CA, through the factory', async () => {
    const stowage = await createStowage(
      loadConfig({ REDIS_URL: url, REDIS_TLS_CA: certs.caFile, OBJECT_STORE_DRIVER: 'memory' }),
      { logger: silentLogger },
    );
    try {
      await stowage.cache.set('over-tls', { n: 1n, at: new Date(2) });
      expect(await stowage.cache.get('over-tls')).toEqual({ n: 1n, at: new Date(2) });
    } finally {
      await stowage.cache.clear();
      await stowage.close();
    }
  });

  it('refuses a certificate from a CA it was not given, naming REDIS_TLS_CA', async () => {
    for (const tlsCaFile of [undefined, certs.otherCaFile]) {
      const error = (await expectStowageError(
        createRedisCache({ url, logger: silentLogger, ...(tlsCaFile ? { tlsCaFile } : {}) }),
        'CONFIG',
      )) as ConfigError;
      expect(error.variable).toBe('REDIS_TLS_CA');
      expect(error.message).toContain('could not be verified');
    }
  });

  it('reports a CA file that cannot be read, naming REDIS_TLS_CA', async () => {
    const error = (await expectStowageError(
      createRedisCache({ url, logger: silentLogger, tlsCaFile: join(dir, 'missing.pem') }),
      'CONFIG',
    )) as ConfigError;
    expect(error.variable).toBe('REDIS_TLS_CA');
  });
});
