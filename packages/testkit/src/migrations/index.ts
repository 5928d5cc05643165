export { migrationsConformance } from './migrations-conformance.ts';
export type {
  ConformanceMigrations,
  ConformanceMigrationsOptions,
  MigrationsConformanceOptions,
  MigrationsScope,
} from './suite-context.ts';
