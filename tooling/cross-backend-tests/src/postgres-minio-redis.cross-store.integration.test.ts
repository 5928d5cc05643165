// The cross-store unit of work on PostgreSQL × S3 (Ceph RGW through @stowage/minio) × Redis: a
// schema, a key prefix of the shared test bucket and a Redis namespace of this run's own.
import { createMinioObjectStore } from '@stowage/minio';
import { testServer } from '@stowage/test-support/s3';
import { crossStoreConformance } from '@stowage/testkit';
import { openPostgres, openRedis, runSuffix } from './test-backends.test-support.ts';

crossStoreConformance({
  name: 'postgres × s3 (ceph rgw) × redis',
  open: async (entities) => {
    const suffix = runSuffix();
    const { endpoint, bucket, accessKey, secretKey, region } = testServer();
    const objects = createMinioObjectStore({ endpoint, bucket, accessKey, secretKey, region });
    return { database: await openPostgres(entities, suffix), objects, cache: await openRedis(suffix) };
  },
});
