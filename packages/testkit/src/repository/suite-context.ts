// What every part of the repository suite receives: the database under test, repositories for
// the suite's entities and a fresh `scope` value per test. Tables are shared by every test of a
// run, so each test writes its own scope on every row and puts it in every filter.
import type { Database, EntityDefinition, RepositoryOf } from '@stowage/core';
import type { ConformanceCounter, ConformanceNote } from './entities.ts';

export interface RepositoryCapabilities {
  /**
   * The database enforces `references` (foreign keys). Default true; set false only for a
   * database without foreign keys, which skips registering the foreign key tests.
   */
  foreignKeys?: boolean;
}

export interface RepositoryConformanceOptions {
  /** Shown in the describe() title, e.g. "sqlite" or "postgres". */
  name: string;
  /**
   * Called once per suite run (beforeAll) with `repositoryConformanceEntities`. Create their
   * tables (a fresh schema or database per vitest worker), register them and return the
   * Database; the suite closes it in afterAll.
   */
  open: (entities: readonly EntityDefinition[]) => Promise<Database>;
  capabilities?: RepositoryCapabilities;
}

export interface InjectionConformanceOptions extends RepositoryConformanceOptions {
  /**
   * Throws unless the server setting the run is about is active where the repository's statements
   * run (e.g. on every pooled connection); the suite runs it before and after its tests.
   */
  checkSession?: (database: Database) => Promise<void>;
}

export type NoteRepository = RepositoryOf<typeof ConformanceNote>;
export type CounterRepository = RepositoryOf<typeof ConformanceCounter>;

export interface RepositorySuiteContext {
  readonly name: string;
  readonly capabilities: RepositoryCapabilities;
  /** The database under test; valid inside tests and hooks. */
  database(): Database;
  /** database().repository(ConformanceNote), outside any transaction. */
  notes(): NoteRepository;
  counters(): CounterRepository;
  /** A value for the `scope` column that no other test (or run) uses; at most 64 characters. */
  scope(label: string): string;
}
