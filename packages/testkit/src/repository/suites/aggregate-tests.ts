// repository.aggregate(): counts, sums, averages, minimums and maximums, grouped or not.
import type { RepositorySuiteContext } from '../suite-context.ts';

export function aggregateTests(_ctx: RepositorySuiteContext): void {}
