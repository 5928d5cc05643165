export type * from './adapter-module.ts';
export { type CreateStowageOptions, createStowage, type Stowage } from './create-stowage.ts';
