// The factory picks @stowage/minio from the environment alone (S3_ENDPOINT and friends).
import { randomUUID } from 'node:crypto';
import { createStowage, type Logger, loadConfig } from '@stowage/core';
import { expect, it } from 'vitest';
import { testServer } from './s3-test-server.test-support.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

it('is chosen by S3_ENDPOINT and stores objects in OBJECT_STORE_BUCKET', async () => {
  const server = testServer();
  const config = loadConfig({
    S3_ENDPOINT: server.endpoint,
    S3_ACCESS_KEY: server.accessKey,
    S3_SECRET_KEY: server.secretKey,
    S3_REGION: server.region,
    OBJECT_STORE_BUCKET: server.bucket,
  });
  expect(config.objects.driver).toBe('minio');
  const stowage = await createStowage(config, { logger: quiet });
  try {
    expect(stowage.objects.backend).toBe('minio');
    const key = `factory-${randomUUID()}/hello.txt`;
    await stowage.objects.put(key, 'from the factory', { contentType: 'text/plain' });
    expect((await stowage.objects.getBytes(key)).toString()).toBe('from the factory');
    expect(await stowage.objects.delete(key)).toBe(true);
  } finally {
    await stowage.close();
  }
});
