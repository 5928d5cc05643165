// The shared ObjectStore conformance suite against a real S3 server (Ceph RGW by default).
import { objectStoreConformance } from '@stowage/testkit';
import { testStore } from './s3-test-server.test-support.ts';

objectStoreConformance({
  name: 'minio',
  create: async () => testStore(),
  capabilities: { signedUrls: true, boundedMemory: true },
});
