import { fileURLToPath } from 'node:url';
import { stowageVitestConfig } from '@stowage/vitest-config';

// One integration setup runs on S3: the shared global setup makes sure an S3 server answers
// (Ceph RGW, started when it does not; or S3_ENDPOINT).
export default stowageVitestConfig({
  integrationGlobalSetup: [fileURLToPath(import.meta.resolve('@stowage/test-support/s3-global-setup'))],
});
