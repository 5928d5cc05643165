// The typed SQL escape hatch (tx.sql / database.sql): queries on the unit of work's connection.
import type { RepositorySuiteContext } from '../suite-context.ts';

export function sqlEscapeTests(_ctx: RepositorySuiteContext): void {}
