// The cross-store unit of work on MariaDB × Google Cloud Storage (the emulator, through the
// official SDK) × Redis: a database, a bucket and a Redis namespace of this run's own.
import { Storage } from '@google-cloud/storage';
import { createGcsObjectStore } from '@stowage/gcs';
import { start } from '@stowage/gcs-emulator';
import { crossStoreConformance } from '@stowage/testkit';
import { openMariadb, openRedis, runSuffix } from './test-backends.test-support.ts';

crossStoreConformance({
  name: 'mariadb × gcs (emulator) × redis',
  open: async (entities) => {
    const suffix = runSuffix();
    const emulator = await start();
    const bucket = `stowage-${suffix}`;
    await new Storage({ apiEndpoint: emulator.url, projectId: 'stowage-test' }).createBucket(bucket);
    const objects = createGcsObjectStore({ bucket, apiEndpoint: emulator.url, projectId: 'stowage-test' });
    return {
      database: await openMariadb(entities, suffix),
      objects,
      cache: await openRedis(suffix),
      close: () => emulator.close(),
    };
  },
});
