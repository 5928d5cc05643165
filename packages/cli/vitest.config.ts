import { fileURLToPath } from 'node:url';
import { stowageVitestConfig } from '@stowage/vitest-config';

// Backups into S3 run against Ceph RGW, started when it does not answer (@stowage/test-support).
export default stowageVitestConfig({
  integrationGlobalSetup: [fileURLToPath(import.meta.resolve('@stowage/test-support/s3-global-setup'))],
});
