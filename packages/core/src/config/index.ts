export type * from './config-types.ts';
export {
  type CacheDriver,
  type DatabaseDriver,
  DRIVERS,
  type DriverKind,
  type ObjectStoreDriver,
} from './drivers.ts';
export { envSchema } from './env-schema.ts';
export { type EnvSource, loadConfig } from './load-config.ts';
