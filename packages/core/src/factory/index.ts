export type * from './adapter-module.ts';
export {
  type CreateStowageOptions,
  createStowage,
  DEFAULT_CLAIM_MS,
  type Stowage,
  type StowageParts,
  stowageFrom,
  type TransactionSettings,
} from './create-stowage.ts';
