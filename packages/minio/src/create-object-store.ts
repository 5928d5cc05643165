// The factory's entry point for OBJECT_STORE_DRIVER=minio (or S3_ENDPOINT set).
import { ConfigError, type ObjectStore, type ObjectStoreConfig } from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import { createMinioObjectStore } from './minio-object-store.ts';

export function createObjectStore(config: ObjectStoreConfig, context: AdapterContext): ObjectStore {
  if (config.driver !== 'minio') {
    throw new ConfigError(
      `@stowage/minio cannot open a ${config.driver} object store`,
      'OBJECT_STORE_DRIVER',
    );
  }
  return createMinioObjectStore({
    endpoint: config.endpoint,
    bucket: config.bucket,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    region: config.region,
    pathStyle: config.pathStyle,
    logger: context.logger,
    ...(config.sessionToken === undefined ? {} : { sessionToken: config.sessionToken }),
    ...(config.tlsCaFile === undefined ? {} : { tlsCaFile: config.tlsCaFile }),
  });
}
