export type * from './cache.ts';
export type * from './database.ts';
export { consoleLogger, type Logger } from './logger.ts';
export type * from './object-store.ts';
export type * from './repository.ts';
export type * from './unit-of-work.ts';
