// A 'json' FilterNode → its condition, put together from the dialect's JsonSql pieces (SQL text,
// since driver packages do not depend on Kysely). Slots and the column go into that text as
// markers that no SQL contains, and become Kysely parameters and the column's identifier at the end,
// so no value is ever part of the text. The semantics are in translate-json-filter.ts.
import { type RawBuilder, sql } from 'kysely';
import type { JsonSql } from '../dialect/json-sql.ts';
import type { FilterNode, JsonCandidate, JsonScalarTest } from '../filter/filter-node.ts';
import type { EntityTable } from './entity-table.ts';
import { Slot } from './slot.ts';

type JsonNode = Extract<FilterNode, { kind: 'json' }>;

// Private-use characters: never in the dialects' text (which is ASCII).
const OPEN = '\uE000';
const CLOSE = '\uE001';
const COLUMN = `${OPEN}c${CLOSE}`;
const MARKER = new RegExp(`${OPEN}(c|\\d+)${CLOSE}`);
const slot = (index: number) => `${OPEN}${index}${CLOSE}`;

const and = (parts: readonly string[]) =>
  parts.length === 1 ? (parts[0] as string) : `(${parts.join(' and ')})`;

function scalarSql(json: JsonSql, value: string, test: JsonScalarTest): string {
  switch (test.kind) {
    case 'null':
      return json.isType(value, 'null');
    case 'boolean':
      return json.isBoolean(value, test.value);
    case 'compare':
      return json.compare(value, test.type, test.op, slot(test.slot));
  }
}

class ContainsSql {
  private aliases = 0;
  private readonly json: JsonSql;

  constructor(json: JsonSql) {
    this.json = json;
  }

  /** Aliases count up: nested element tables must not shadow each other. */
  private someElement(array: string, test: (element: string) => string): string {
    this.aliases += 1;
    return this.json.someElement(array, `je${this.aliases}`, test);
  }

  /** `value` contains `candidate`, below the tested value: a scalar only equals a scalar. */
  nested(value: string, candidate: JsonCandidate): string {
    const { json } = this;
    switch (candidate.kind) {
      case 'scalar':
        return scalarSql(json, value, candidate.test);
      case 'object':
        return and([
          json.isType(value, 'object'),
          ...candidate.members.map((member) =>
            this.nested(json.valueAt(value, slot(member.slot)), member.candidate),
          ),
        ]);
      case 'array':
        return and([
          json.isType(value, 'array'),
          ...candidate.elements.map((element) =>
            this.someElement(value, (item) => this.nested(item, element)),
          ),
        ]);
    }
  }

  /** At the tested value, an array also contains a scalar equal to one of its elements. */
  top(value: string, candidate: JsonCandidate): string {
    if (candidate.kind !== 'scalar') return this.nested(value, candidate);
    const inArray = and([
      this.json.isType(value, 'array'),
      this.someElement(value, (item) => scalarSql(this.json, item, candidate.test)),
    ]);
    return `(${scalarSql(this.json, value, candidate.test)} or ${inArray})`;
  }
}

/** The condition as text with markers. */
function conditionText(node: JsonNode, json: JsonSql): string {
  const { path, test } = node;
  const value = json.valueAt(COLUMN, slot(path.slot));
  // A lenient `$[i]` reads a non-array as its element 0: the value before each index must be an array.
  const arrays = json.lenientIndexes
    ? path.indexed.map((prefix) => json.isType(json.valueAt(COLUMN, slot(prefix)), 'array'))
    : [];
  let condition: string;
  switch (test.kind) {
    case 'exists':
      condition = `${value} is not null`;
      break;
    case 'contains':
      condition = json.contains
        ? json.contains(value, slot(test.slot))
        : new ContainsSql(json).top(value, test.candidate);
      break;
    default:
      condition = scalarSql(json, value, test);
  }
  // The whole value of a null column (a nullable field set to null) is JSON null.
  const nullAtRoot =
    path.root &&
    (test.kind === 'null' ||
      (test.kind === 'contains' && test.candidate.kind === 'scalar' && test.candidate.test.kind === 'null'));
  if (nullAtRoot) condition = `(${COLUMN} is null or ${condition})`;
  return and([...arrays, condition]);
}

/** Text with markers → SQL with the column and Slots in their places. */
export function markedSql(text: string, column: RawBuilder<unknown>): RawBuilder<unknown> {
  const parts = text.split(MARKER);
  return sql.join(
    parts.map((part, i) => {
      if (i % 2 === 0) return sql.raw(part);
      return part === 'c' ? column : sql`${new Slot(Number(part))}`;
    }),
    sql``,
  );
}

/** True or false for every row, never NULL: `$ne` and `$not` are then exact complements. */
export function jsonFilterSql(node: JsonNode, table: EntityTable): RawBuilder<unknown> {
  const condition = markedSql(conditionText(node, table.dialect.json), table.column(node.field));
  return sql`coalesce(${condition}, false)`;
}
