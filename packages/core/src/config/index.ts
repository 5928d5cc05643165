export type * from './config-types.ts';
export {
  type CacheDriver,
  type DatabaseDriver,
  DRIVERS,
  type DriverKind,
  type ObjectStoreDriver,
} from './drivers.ts';
export * from './embedded-defaults.ts';
export { envSchema, SECRET_VARIABLES } from './env-schema.ts';
export { type EnvSource, loadConfig } from './load-config.ts';
