import { inspect } from 'node:util';
import { ConfigError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { type MinioObjectStoreOptions, resolveOptions } from './store-options.ts';

const base: MinioObjectStoreOptions = {
  endpoint: 'http://127.0.0.1:7480',
  bucket: 'files',
  accessKey: 'ak',
  secretKey: 'TopSecret',
};

function configError(options: Partial<MinioObjectStoreOptions>): ConfigError {
  try {
    resolveOptions({ ...base, ...options });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveOptions', () => {
  it('takes TLS, host and port from the endpoint URL', () => {
    expect(resolveOptions(base)).toMatchObject({
      host: '127.0.0.1',
      port: 7480,
      useSSL: false,
      pathStyle: true,
      region: 'us-east-1',
    });
    expect(
      resolveOptions({ ...base, endpoint: 'https://s3.eu-west-1.amazonaws.com', pathStyle: false }),
    ).toMatchObject({
      host: 's3.eu-west-1.amazonaws.com',
      port: 443,
      useSSL: true,
      pathStyle: false,
    });
    expect(resolveOptions({ ...base, endpoint: 'http://[::1]:9000' })).toMatchObject({
      host: '::1',
      port: 9000,
    });
    expect(resolveOptions({ ...base, endpoint: 'http://minio' })).toMatchObject({ port: 80 });
  });

  it.each([
    [{ endpoint: 'ftp://host' }, 'S3_ENDPOINT'],
    [{ endpoint: 'http://host/bucket' }, 'S3_ENDPOINT'],
    [{ endpoint: 'http://user:TopSecret@host' }, 'S3_ENDPOINT'],
    [{ bucket: 'Bad_Bucket' }, 'OBJECT_STORE_BUCKET'],
    [{ accessKey: '' }, 'S3_ACCESS_KEY'],
    [{ secretKey: '' }, 'S3_SECRET_KEY'],
    [{ tlsCaFile: '/etc/ca.pem' }, 'S3_TLS_CA'],
    [{ endpoint: 'https://host', tlsCaFile: '/no/such/ca.pem' }, 'S3_TLS_CA'],
    [{ partSize: 1024 }, 'partSize'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ conditionalMultipart: 'yes' as unknown as boolean }, 'conditionalMultipart'],
  ])('%j is a ConfigError naming %s, never showing a secret', (options, variable) => {
    const error = configError(options);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('TopSecret');
  });
});

describe('a malformed S3_ENDPOINT', () => {
  const PW = 'Pw-Distinct-93';
  it.each([
    `user:${PW}@host`,
    `:${PW}@host:7480`,
    `http:/user:${PW}@host`,
    `http://user:${PW}@/`,
    `http://user:${PW}@host:99999`,
    `http://user:${PW}@ho st`,
    `http://user:${PW}/x@host`,
  ])('%j is a ConfigError naming S3_ENDPOINT, the password in nothing it prints', (endpoint) => {
    const error = configError({ endpoint });
    expect(error.variable).toBe('S3_ENDPOINT');
    expect(error.message).toMatch(/^S3_ENDPOINT: expected an http:\/\/ or https:\/\/ URL/);
    for (const shown of [error.message, inspect(error, { depth: Infinity }), JSON.stringify(error)])
      expect(shown).not.toContain(PW);
  });
});
