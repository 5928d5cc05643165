// A validated filter as a tree whose leaves name a field and the slots of their values. Values
// themselves live apart, in the order the slots number them: the tree (with `shape`, its key) is
// what a compiled statement is cached by, the values are what each call binds.
import type { FieldModel } from '../entity/entity-model.ts';
import type { EntityTable } from '../statements/entity-table.ts';

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
  /** A test of the value at a path of a JSON field (translate-json-filter.ts); never NULL. */
  | { kind: 'json'; field: FieldModel; path: JsonPathSlots; test: JsonTest }
  /**
   * A related row of `link` matches `node` (relation filters): an EXISTS subquery. `none`: no
   * related row matches; `every`: none fails to match (`node` is not true for any).
   */
  | { kind: 'exists'; mode: 'some' | 'none' | 'every'; link: FilterLink; node: FilterNode }
  | { kind: 'constant'; value: boolean };

/** The rows of `target` (under `alias` in the subquery) whose `innerKey` equals the outer row's `outerKey`. */
export interface FilterLink {
  readonly target: EntityTable;
  readonly alias: string;
  readonly outerKey: FieldModel;
  readonly innerKey: FieldModel;
}

/** Where a JSON test looks: the bound path text, and the bound text of the path before each index step. */
export interface JsonPathSlots {
  slot: number;
  /** No step: the whole value, where a SQL NULL column counts as JSON null. */
  root: boolean;
  /** For each index step, the path up to it (whose value must be an array where a dialect is lenient). */
  indexed: readonly number[];
}

/** Equality with one JSON scalar, or a comparison with a string or number, type-strict. */
export type JsonScalarTest =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'compare'; type: 'string' | 'number'; op: CompareOperator; slot: number };

/** A $contains operand spelled out: members at their bound key paths, elements each found somewhere. */
export type JsonCandidate =
  | { kind: 'scalar'; test: JsonScalarTest }
  | { kind: 'object'; members: readonly { slot: number; candidate: JsonCandidate }[] }
  | { kind: 'array'; elements: readonly JsonCandidate[] };

export type JsonTest =
  | JsonScalarTest
  | { kind: 'exists' }
  /** `slot` holds the operand as JSON text, for a dialect's own containment. */
  | { kind: 'contains'; slot: number; candidate: JsonCandidate };

/** A filter ready for SQL: the tree, its cache key, and the values its slots refer to. */
export interface BoundFilter {
  node: FilterNode;
  shape: string;
  values: unknown[];
}
