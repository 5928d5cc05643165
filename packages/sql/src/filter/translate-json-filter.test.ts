import { defineEntity, isStowageError, type ValidationError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeEntity } from '../entity/describe-entity.ts';
import type { FilterBinding } from './translate-filter.ts';
import { translateFilter } from './translate-filter.ts';
import { jsonPathText } from './translate-json-filter.ts';

const model = describeEntity(
  defineEntity({
    name: 'Doc',
    schema: z.object({ id: z.uuid(), data: z.record(z.string(), z.unknown()), label: z.string() }),
    generated: 'uuid',
  }),
);
const binding: FilterBinding = { parameter: () => (value) => value, listsAsArrays: false };
const translate = (data: unknown) => translateFilter(model, { data }, binding);

function issuesOf(data: unknown): string[] {
  try {
    translate(data);
  } catch (error) {
    if (isStowageError(error, 'VALIDATION'))
      return (error as ValidationError).issues.map((issue) => issue.path);
    throw error;
  }
  return expect.fail('expected a ValidationError');
}

describe('jsonPathText', () => {
  it('quotes every key as a JSON string and writes indexes bare', () => {
    expect(jsonPathText([])).toBe('$');
    expect(jsonPathText(['a', 0, 'b.c'])).toBe('$."a"[0]."b.c"');
    expect(jsonPathText(['', '"', '\\', "'", '*', '$', '\n\u0001'])).toBe(
      '$.""."\\"".' + '"\\\\".' + `"'"."*"."$".` + '"\\n\\u0001"',
    );
  });
});

describe('translateFilter on a JSON field', () => {
  it('binds the path text and the operand, never putting either in the shape', () => {
    const hostile = "x'); drop table doc; --";
    const bound = translate({ $path: [hostile, 0], $eq: hostile });
    expect(bound.values).toContain(jsonPathText([hostile, 0]));
    expect(bound.values).toContain(hostile);
    expect(bound.shape).not.toContain(hostile);
    expect(bound.shape).toBe(translate({ $path: ['other', 7], $eq: 'value' }).shape);
  });

  it('gives type-specialised shapes: a string, a number, a boolean and null differ', () => {
    const shapes = ['1', 1, true, false, null].map(
      (operand) => translate({ $path: ['a'], $eq: operand }).shape,
    );
    expect(new Set(shapes).size).toBe(5);
  });

  it('checks each index step on its own prefix (for lenient dialects)', () => {
    const bound = translate({ $path: ['a', 0, 'b', 1], $exists: true });
    const node = bound.node as Extract<typeof bound.node, { kind: 'json' }>;
    expect(node.path.indexed.map((slot) => bound.values[slot])).toEqual(['$."a"', '$."a"[0]."b"']);
    expect(node.path.root).toBe(false);
  });

  it('makes $ne the negation of $eq and $exists false the negation of $exists', () => {
    expect(translate({ $path: ['a'], $ne: 'x' }).node.kind).toBe('not');
    expect(translate({ $path: ['a'], $exists: false }).node.kind).toBe('not');
  });

  it('pads $in per type and matches nothing for an empty list', () => {
    const three = translate({ $path: ['a'], $in: ['x', 'y', 'z', 1, null] });
    const four = translate({ $path: ['a'], $in: ['w', 'x', 'y', 'z', 2, null] });
    expect(three.shape).toBe(four.shape);
    expect(translate({ $path: ['a'], $in: [] }).node).toEqual({ kind: 'constant', value: false });
  });

  it('drops duplicate elements of a $contains array (keys in any order) and keeps the operand as JSON', () => {
    const bound = translate({ $contains: [{ a: 1, b: 2 }, { b: 2, a: 1 }, 'x', 'x'] });
    const node = bound.node as Extract<typeof bound.node, { kind: 'json' }>;
    if (node.test.kind !== 'contains' || node.test.candidate.kind !== 'array')
      throw new Error('not an array');
    expect(node.test.candidate.elements).toHaveLength(2);
    expect(bound.values[node.test.slot]).toBe('[{"a":1,"b":2},{"b":2,"a":1},"x","x"]');
  });

  it.each([
    ['a sparse $path', { $path: holey(['a'], 1), $eq: 1 }, ['data.$path.1']],
    ['a sparse $in', { $path: ['a'], $in: holey([1, 2], 0) }, ['data.$in.1']],
    ['a sparse $contains', { $contains: holey([1, 2], 0) }, ['data.$contains.1']],
    ['a class instance in $contains', { $contains: { m: new Map() } }, ['data.$contains.m']],
    ['a 100,000-level $contains (no stack overflow)', { $contains: deepArray(100_000) }, ['data.$contains']],
    ['an operand beside an unknown key', { $path: ['a'], $eq: 1, other: 2 }, ['data.other']],
  ])('refuses %s', (_label, data, paths) => {
    expect(issuesOf(data)).toEqual(paths);
  });

  it('accepts limits exactly: 32 steps, index 2^31 - 1, 256 $in values, 256 $contains values', () => {
    expect(() => translate({ $path: Array.from({ length: 32 }, () => 'a'), $eq: 1 })).not.toThrow();
    expect(() => translate({ $path: [2 ** 31 - 1], $eq: 1 })).not.toThrow();
    expect(() => translate({ $path: ['a'], $in: Array.from({ length: 256 }, (_, i) => i) })).not.toThrow();
    expect(() => translate({ $contains: Array.from({ length: 255 }, (_, i) => i) })).not.toThrow();
    expect(() => translate({ $contains: deepArray(16) })).not.toThrow();
  });
});

/** `items` with a hole after the one at `after`. */
function holey(items: unknown[], after: number): unknown[] {
  const out = new Array<unknown>(items.length + 1);
  items.forEach((item, i) => {
    out[i > after ? i + 1 : i] = item;
  });
  return out;
}

function deepArray(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}
