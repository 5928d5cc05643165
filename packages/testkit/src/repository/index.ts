// The repository conformance suite: run it from a vitest file against every relational adapter.
export {
  ConformanceAuthor,
  ConformanceBook,
  ConformanceCounter,
  type ConformanceCounterEntity,
  ConformanceNote,
  type ConformanceNoteEntity,
  repositoryConformanceEntities,
} from './entities.ts';
export { repositoryConformance, unitOfWorkConformance } from './repository-conformance.ts';
export type { RepositoryCapabilities, RepositoryConformanceOptions } from './suite-context.ts';
