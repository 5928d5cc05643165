// Strings that break naively built SQL are stored verbatim and match verbatim, and field names
// are never spliced into SQL. Afterwards the table is intact.
import { describe, expect, it } from 'vitest';
import { expectValidationError } from '../expect-stowage-error.ts';
import { hostileStrings as HOSTILE } from '../hostile-strings.ts';
import { likeToRegExp } from '../like-pattern.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

export function injectionTests(ctx: RepositorySuiteContext): void {
  describe('hostile strings', () => {
    const seed = async (label: string) => {
      const scope = ctx.scope(label);
      const notes = await ctx
        .notes()
        .createMany(
          HOSTILE.map((text, i) => noteInput(scope, { title: text, body: text, tags: [text], rank: i })),
        );
      // A decoy that a wildcard or an ignored quote would wrongly match.
      await ctx.notes().create(noteInput(scope, { title: 'decoy', body: 'decoy', rank: -1 }));
      return { scope, notes };
    };

    it('are stored verbatim in varchar, text and JSON columns', async () => {
      const { notes } = await seed('hostile-store');
      for (const [i, text] of HOSTILE.entries()) {
        const stored = await ctx.notes().getById(notes[i]?.id);
        expect(stored).toMatchObject({ title: text, body: text, tags: [text] });
      }
    });

    it('match exactly one row as equality, $eq and $in operands', async () => {
      const { scope } = await seed('hostile-eq');
      for (const [i, text] of HOSTILE.entries()) {
        expect(
          (await ctx.notes().find({ scope, title: text })).map((n) => n.rank),
          text,
        ).toEqual([i]);
        expect(
          (await ctx.notes().find({ scope, body: { $eq: text } })).map((n) => n.rank),
          text,
        ).toEqual([i]);
        expect(await ctx.notes().count({ scope, title: { $in: [text, 'absent'] } }), text).toBe(1);
        expect(await ctx.notes().count({ scope, title: { $ne: text } }), text).toBe(HOSTILE.length);
      }
    });

    it('are used verbatim as $like patterns (only % and _ are wildcards)', async () => {
      const { scope } = await seed('hostile-like');
      const bodies = [...HOSTILE, 'decoy'];
      for (const text of HOSTILE) {
        const pattern = likeToRegExp(text);
        const expected = bodies.filter((body) => pattern.test(body)).sort();
        expect(expected, `the pattern ${JSON.stringify(text)} matches itself`).toContain(text);
        const found = await ctx.notes().find({ scope, body: { $like: text } });
        expect(found.map((n) => n.body).sort(), text).toEqual(expected);
      }
    });

    it('leave the table working afterwards', async () => {
      const { scope } = await seed('hostile-after');
      expect(await ctx.notes().count({ scope })).toBe(HOSTILE.length + 1);
      expect(await ctx.notes().count()).toBeGreaterThanOrEqual(HOSTILE.length + 1);
      const next = await ctx.notes().create(noteInput(scope, { title: 'still here' }));
      expect(await ctx.notes().getById(next.id)).toEqual(next);
    });

    it('are refused as field names in filters and orderBy', async () => {
      const scope = ctx.scope('hostile-keys');
      for (const key of [
        'title; DROP TABLE conformance_note; --',
        'title" = title OR "1',
        '1=1) OR (title',
      ]) {
        await expectValidationError(ctx.notes().find({ scope, [key]: 'x' } as never));
        await expectValidationError(ctx.notes().find({ scope }, { orderBy: { [key]: 'asc' } as never }));
      }
      await expectValidationError(
        ctx.notes().find({ scope }, { orderBy: { rank: 'asc; DROP TABLE conformance_note' } as never }),
      );
      expect(await ctx.notes().count()).toBeGreaterThanOrEqual(0);
    });
  });
}
