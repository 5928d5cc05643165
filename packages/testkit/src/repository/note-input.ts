// A valid ConformanceNote create() input with every required field, for tests to override.
import type { CreateInputOf } from '@stowage/core';
import type { ConformanceNote } from './entities.ts';

export type NoteInput = CreateInputOf<typeof ConformanceNote>;

export function noteInput(scope: string, overrides: Partial<NoteInput> = {}): NoteInput {
  return {
    scope,
    title: 'untitled',
    body: '',
    rank: 0,
    score: null,
    big: 0n,
    kind: 'a',
    tags: [],
    dueAt: null,
    ...overrides,
  };
}

/** `count` inputs in one scope with distinct titles ("n000", "n001", …) and rank = index. */
export function noteInputs(
  scope: string,
  count: number,
  make: (index: number) => Partial<NoteInput> = () => ({}),
): NoteInput[] {
  return Array.from({ length: count }, (_, i) =>
    noteInput(scope, { title: `n${String(i).padStart(3, '0')}`, rank: i, ...make(i) }),
  );
}

/** Ids in the order given, for comparing result lists without their timestamps. */
export function ids(rows: readonly { id: string }[]): string[] {
  return rows.map((row) => row.id);
}
