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
// For adapters that check URL options themselves (S3_ENDPOINT, REDIS_URL): the same rule.
export { type UrlRule, urlProblem } from './url-rule.ts';
