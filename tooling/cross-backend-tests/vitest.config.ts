import { fileURLToPath } from 'node:url';
import { stowageVitestConfig } from '@stowage/vitest-config';

// The PostgreSQL × S3 tests need a real S3 server: Ceph RGW, started when it does not answer
// (the shared setup in @stowage/test-support).
export default stowageVitestConfig({
  integrationGlobalSetup: [fileURLToPath(import.meta.resolve('@stowage/test-support/s3-global-setup'))],
});
