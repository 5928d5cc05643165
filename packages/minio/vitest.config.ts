import { stowageVitestConfig } from '@stowage/vitest-config';

// The integration tests run against a real S3 server: Ceph RGW, started when it does not answer.
export default stowageVitestConfig({
  integrationGlobalSetup: ['src/s3-test-server.global-setup.test-support.ts'],
});
