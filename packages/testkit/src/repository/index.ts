// The repository conformance suite: run it from a vitest file against every relational adapter.
export {
  ConformanceAuthor,
  ConformanceBook,
  ConformanceChapter,
  ConformanceCounter,
  type ConformanceCounterEntity,
  ConformanceNote,
  type ConformanceNoteEntity,
  ConformanceReview,
  repositoryConformanceEntities,
} from './entities.ts';
export { repositoryConformance, unitOfWorkConformance } from './repository-conformance.ts';
export type { RepositoryCapabilities, RepositoryConformanceOptions } from './suite-context.ts';
