export type * from './backup.ts';
export type * from './cache.ts';
export type * from './database.ts';
export type * from './health.ts';
export { consoleLogger, type Logger } from './logger.ts';
export type * from './migrations.ts';
export type * from './object-store.ts';
export type * from './repository.ts';
export type * from './unit-of-work.ts';
