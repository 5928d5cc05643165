// What is compiled once per shape (statements of one repository, projections of one entity). Shapes
// come from the caller's code (which fields a filter or a select names, which operators, list sizes
// rounded up), so a program repeats a few; the bound keeps an unusual caller (shapes built from
// user input) from growing it without end: past it, what is built is used once and not kept.
import type { CompiledStatement } from './slot.ts';

const MAX_SHAPES = 512;

export class ShapeCache<T> {
  private readonly entries = new Map<string, T>();

  /** The value for `shape`, built by `build` the first time; `cached` tells whether it is kept. */
  get(shape: string, build: () => T): { value: T; cached: boolean } {
    const found = this.entries.get(shape);
    if (found !== undefined) return { value: found, cached: true };
    const value = build();
    if (this.entries.size >= MAX_SHAPES) return { value, cached: false };
    this.entries.set(shape, value);
    return { value, cached: true };
  }
}

/** A repository's compiled statements; one that is not kept is not prepared either. */
export class StatementCache extends ShapeCache<CompiledStatement> {}
