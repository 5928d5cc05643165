// The factory picks @stowage/gcs from the environment alone (GCS_API_ENDPOINT, inline
// credentials and the bucket), here pointed at the emulator.
import { createStowage, type Logger, loadConfig } from '@stowage/core';
import { expect, it } from 'vitest';
import { testCredentials, useGcsEmulator } from './gcs-emulator.test-support.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const emulator = useGcsEmulator();

it('is chosen by GCS_API_ENDPOINT and stores objects in OBJECT_STORE_BUCKET', async () => {
  const config = loadConfig({
    GCS_API_ENDPOINT: emulator.url,
    GCS_PROJECT_ID: 'stowage-test',
    GCS_CREDENTIALS: JSON.stringify({ type: 'service_account', ...testCredentials }),
    OBJECT_STORE_BUCKET: emulator.bucket,
  });
  expect(config.objects.driver).toBe('gcs');
  const stowage = await createStowage(config, { logger: quiet });
  try {
    expect(stowage.objects.backend).toBe('gcs');
    await stowage.objects.put('factory/hello.txt', 'from the factory', { contentType: 'text/plain' });
    const [metadata] = await emulator.storage.bucket(emulator.bucket).file('factory/hello.txt').getMetadata();
    expect(metadata.contentType).toBe('text/plain');
    expect((await stowage.objects.getBytes('factory/hello.txt')).toString()).toBe('from the factory');
    const url = await stowage.objects.signedUrl('factory/hello.txt', { method: 'GET', expiresIn: 60 });
    expect(await (await fetch(url)).text()).toBe('from the factory');
  } finally {
    await stowage.close();
  }
});
