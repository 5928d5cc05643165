import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { markedSql } from './json-filter-sql.ts';
import type { Slot } from './slot.ts';

// The column and the slots travel through dialect text as markers; what comes out must hold the
// column's identifier and one parameter per marker, in text order, whatever the text around them.
describe('markedSql', () => {
  const marker = (index: number) => `\uE000${index}\uE001`;
  const column = sql.id('data');

  it('turns each marker into its Slot and the column marker into the column', () => {
    const text = `f(\uE000c\uE001, ${marker(3)}) = g(${marker(0)}, \uE000c\uE001, ${marker(3)})`;
    const parts = markedSql(text, column).toOperationNode();
    const compiled = collect(parts);
    expect(compiled.slots).toEqual([3, 0, 3]);
    expect(compiled.raw).toBe('f(<id>, ?) = g(?, <id>, ?)');
  });

  it('leaves text without markers as it is', () => {
    expect(collect(markedSql("json_type(x) = 'text'", column).toOperationNode()).raw).toBe(
      "json_type(x) = 'text'",
    );
  });
});

/** The raw text (identifiers as <id>, parameters as ?) and the slot indexes of an operation node. */
function collect(node: unknown): { raw: string; slots: number[] } {
  const slots: number[] = [];
  const walk = (item: unknown): string => {
    const n = item as { kind: string; [key: string]: unknown };
    switch (n.kind) {
      case 'RawNode': {
        const strings = n.sqlFragments as string[];
        const params = n.parameters as unknown[];
        return strings.map((s, i) => s + (i < params.length ? walk(params[i]) : '')).join('');
      }
      case 'ValueNode':
        slots.push((n.value as Slot).index);
        return '?';
      case 'IdentifierNode':
        return '<id>';
      default:
        throw new Error(`unexpected node ${n.kind}`);
    }
  };
  return { raw: walk(node), slots };
}
