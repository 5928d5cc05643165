// Filters on JSON fields: paths, comparisons at a path, presence and containment.
import type { RepositorySuiteContext } from '../suite-context.ts';

export function jsonFilterTests(_ctx: RepositorySuiteContext): void {}
