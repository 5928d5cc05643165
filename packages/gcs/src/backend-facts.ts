// What the CLI says about a Google Cloud Storage configuration; an inline service-account key's
// private key is the secret (a key file's path is not).
import type { ObjectStoreConfig } from '@stowage/core';
import type { BackendFacts } from '@stowage/core/adapter';

export const backendFacts: BackendFacts<ObjectStoreConfig> = {
  describe: (config) => ('bucket' in config ? `gs://${config.bucket}/` : 'gs://'),
  variables: () => 'OBJECT_STORE_BUCKET / GCS_API_ENDPOINT / GCS_CREDENTIALS',
  checkHint: () => 'check OBJECT_STORE_BUCKET, GCS_API_ENDPOINT and the service-account credentials',
  secretsOf: (config) => {
    if (config.driver !== 'gcs' || !config.credentials) return [];
    const { private_key: key, private_key_id: keyId } = config.credentials;
    return [key, keyId].filter((s): s is string => typeof s === 'string' && s.length > 0);
  },
};
