// A validated filter as a tree whose leaves name a field and the slots of their values. Values
// themselves live apart, in the order the slots number them: the tree (with `shape`, its key) is
// what a compiled statement is cached by, the values are what each call binds.
import type { FieldModel } from '../entity/entity-model.ts';

export type CompareOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

export type FilterNode =
  | { kind: 'and' | 'or'; nodes: FilterNode[] }
  | { kind: 'not'; node: FilterNode }
  | { kind: 'compare'; field: FieldModel; op: CompareOperator; slot: number }
  /** `(a, b) > (x, y)`: keyset pages over non-null fields that all sort one way. */
  | { kind: 'row'; fields: FieldModel[]; op: '>' | '<'; slots: number[] }
  | { kind: 'null'; field: FieldModel; not: boolean }
  /**
   * One slot per value, or one slot holding an array (PostgreSQL's `= any($1)`) or a JSON array
   * (long lists on MySQL and SQLite).
   */
  | { kind: 'in'; field: FieldModel; not: boolean; slots: number[]; array: boolean; json?: boolean }
  | { kind: 'like'; field: FieldModel; slot: number }
  | { kind: 'constant'; value: boolean };

/** A filter ready for SQL: the tree, its cache key, and the values its slots refer to. */
export interface BoundFilter {
  node: FilterNode;
  shape: string;
  values: unknown[];
}
