// Values come back exactly as they went in: bigints past 2^53, millisecond dates, nulls, unicode
// beyond the BMP, JSON arrays, booleans, doubles and long text.
import { describe, expect, it } from 'vitest';
import { type NoteInput, noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const cases: [string, Partial<NoteInput>][] = [
  ['a bigint above 2^53', { big: 2n ** 62n + 12_345n }],
  ['the largest signed 64-bit bigint', { big: 2n ** 63n - 1n }],
  ['the smallest signed 64-bit bigint', { big: -(2n ** 63n) }],
  ['a Date with milliseconds', { dueAt: new Date('2024-02-29T12:34:56.789Z') }],
  ['a Date before 1970', { dueAt: new Date('1969-07-20T20:17:40.123Z') }],
  // Past 2038-01-19, where 32-bit timestamps (MySQL TIMESTAMP) end.
  ['a Date after 2038', { dueAt: new Date('2040-01-01T00:00:00.001Z') }],
  ['null in nullable columns', { score: null, dueAt: null }],
  ['zero and false (not null)', { score: 0, rank: 0, big: 0n, done: false }],
  ['true', { done: true }],
  ['a double that float4 would round', { score: 0.1 }],
  ['a large and a negative double', { score: -6.02214076e23 }],
  ['32-bit integer bounds', { rank: -2_147_483_648 }],
  ['the largest 32-bit integer', { rank: 2_147_483_647 }],
  [
    'unicode with emoji and astral characters',
    { title: 'Grüße 👋🏽 日本語 — ñ 𝄞', body: 'e\u0301 ü 🧪\n\ttab' },
  ],
  ['an empty string', { body: '' }],
  ['an empty JSON array', { tags: [] }],
  [
    'a JSON array of awkward strings',
    { tags: ['', 'a "quoted" word', "it's", 'back\\slash', 'ünï 👋', '[1, 2]', '{"a":1}', 'null'] },
  ],
  // Longer than MySQL's 64 KiB TEXT, so an unbounded z.string() needs a larger column.
  ['a string longer than 64 KiB', { body: 'äbc🙂'.repeat(20_000) }],
  ['every enum member', { kind: 'c' }],
];

export function roundTripTests(ctx: RepositorySuiteContext): void {
  describe('round trip', () => {
    it.each(cases)('stores and reads back %s exactly', async (_label, overrides) => {
      const scope = ctx.scope('round-trip');
      const input = noteInput(scope, { title: 'round trip', ...overrides });
      const created = await ctx.notes().create(input);
      expect(created).toMatchObject(input);

      const read = await ctx.notes().getById(created.id);
      expect(read).toEqual(created);
      for (const [field, value] of Object.entries(input)) {
        const stored = (read as Record<string, unknown>)[field];
        // toEqual does not tell 1n from 1 or a Date from its ISO string; check the types too.
        expect(typeof stored, field).toBe(typeof value);
        if (value instanceof Date) expect((stored as Date).getTime(), field).toBe(value.getTime());
        else expect(stored, field).toEqual(value);
      }
      // The value also matches in a filter, so it was stored and not just echoed back.
      const { dueAt, score, big, rank, title } = input;
      expect(await ctx.notes().count({ scope, dueAt, score, big, rank, title })).toBe(1);
    });

    it('keeps bigints that differ only past 2^53 apart', async () => {
      const scope = ctx.scope('bigint-precision');
      const base = 2n ** 53n;
      await ctx
        .notes()
        .createMany([1n, 2n, 3n].map((d, i) => noteInput(scope, { title: `b${i}`, big: base + d })));
      const rows = await ctx.notes().find({ scope }, { orderBy: { big: 'asc' } });
      expect(rows.map((r) => r.big)).toEqual([base + 1n, base + 2n, base + 3n]);
      expect(rows.every((r) => typeof r.big === 'bigint')).toBe(true);
      expect(await ctx.notes().count({ scope, big: base + 2n })).toBe(1);
    });
  });
}
