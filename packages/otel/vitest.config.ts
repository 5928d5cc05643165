import { stowageVitestConfig } from '@stowage/vitest-config';

export default stowageVitestConfig();
