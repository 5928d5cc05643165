// Compiled statements of one repository, by shape. Shapes come from the caller's code (which
// fields a filter names, which operators, list sizes rounded up), so a program repeats a few; the
// bound keeps an unusual caller (shapes built from user input) from growing it without end.
import type { CompiledStatement } from './slot.ts';

const MAX_SHAPES = 512;

export class StatementCache {
  private readonly statements = new Map<string, CompiledStatement>();

  /** The statement for `shape`, compiled by `build` the first time; `cached` tells whether it is kept. */
  get(shape: string, build: () => CompiledStatement): { statement: CompiledStatement; cached: boolean } {
    const found = this.statements.get(shape);
    if (found) return { statement: found, cached: true };
    const statement = build();
    if (this.statements.size >= MAX_SHAPES) return { statement, cached: false };
    this.statements.set(shape, statement);
    return { statement, cached: true };
  }
}
