// repository.search(): full-text search over the entity's `search` fields, ranked, any text accepted.
import type { RepositorySuiteContext } from '../suite-context.ts';

export function searchTests(_ctx: RepositorySuiteContext): void {}
