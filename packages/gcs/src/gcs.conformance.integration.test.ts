// The shared ObjectStore suite against @stowage/gcs on the GCS emulator.
import { objectStoreConformance } from '@stowage/testkit';
import { useGcsEmulator } from './gcs-emulator.test-support.ts';

const emulator = useGcsEmulator();

objectStoreConformance({
  name: 'gcs',
  create: async () => emulator.store(),
  capabilities: { signedUrls: true, boundedMemory: true },
});
