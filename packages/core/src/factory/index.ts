export type * from './adapter-module.ts';
export {
  type CreateStowageOptions,
  createStowage,
  DEFAULT_CLAIM_MS,
  openCache,
  openDatabase,
  openObjectStore,
  type Stowage,
  type StowageParts,
  stowageFrom,
  type TransactionSettings,
} from './create-stowage.ts';
export { loadAdapter, packageFor } from './load-adapter.ts';
