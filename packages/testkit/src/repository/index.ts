// The repository conformance suite: run it from a vitest file against every relational adapter.
export {
  ConformanceAuthor,
  ConformanceAuthorWith,
  ConformanceBook,
  ConformanceBookTag,
  ConformanceBookWith,
  ConformanceChapter,
  ConformanceCounter,
  type ConformanceCounterEntity,
  ConformanceDocument,
  ConformanceLedger,
  ConformanceNote,
  type ConformanceNoteEntity,
  ConformanceReview,
  ConformanceReviewWith,
  ConformanceTag,
  repositoryConformanceEntities,
} from './entities.ts';
export { hostileStrings } from './hostile-strings.ts';
export { type NoteInput, noteInput } from './note-input.ts';
export {
  injectionConformance,
  repositoryConformance,
  unitOfWorkConformance,
} from './repository-conformance.ts';
export { ConformanceArticle } from './search-entities.ts';
export type {
  InjectionConformanceOptions,
  RepositoryCapabilities,
  RepositoryConformanceOptions,
} from './suite-context.ts';
