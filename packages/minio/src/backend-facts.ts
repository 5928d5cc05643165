// What the CLI says about an S3 configuration: the bucket, the variables, the keys to redact.
import type { ObjectStoreConfig } from '@stowage/core';
import type { BackendFacts } from '@stowage/core/adapter';

export const backendFacts: BackendFacts<ObjectStoreConfig> = {
  describe: (config) => ('bucket' in config ? `s3://${config.bucket}/` : 's3://'),
  variables: () => 'OBJECT_STORE_BUCKET / S3_ENDPOINT / S3_ACCESS_KEY / S3_SECRET_KEY',
  checkHint: () => 'check S3_ENDPOINT, OBJECT_STORE_BUCKET and the S3 credentials',
  secretsOf: (config) =>
    config.driver === 'minio'
      ? [config.secretKey, config.accessKey, config.sessionToken].filter((s): s is string => Boolean(s))
      : [],
};
