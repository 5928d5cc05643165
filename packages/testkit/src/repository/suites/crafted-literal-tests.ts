// Injections written the way an attacker writes them against the statements a repository sends,
// for each way a server may read a string literal: a filter value that closes its literal and ORs
// in a tautology, and create() and update() values that close the literal and go on as SQL (a
// second VALUES tuple; an assignment to another column). Under MariaDB's NO_BACKSLASH_ESCAPES a
// backslash escapes nothing, so a value escaped as `\'` closes its literal there. Only quotes
// that open the literal: the rest of each payload is hex literals and functions, so that it
// parses wherever the first quote gets out. Each must match, create or change exactly the one row
// that holds the value verbatim.
import { describe, expect, it } from 'vitest';
import { ConformanceNote, type ConformanceNoteEntity } from '../entities.ts';
import { ids, noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const hex = (text: string) => `0x${Buffer.from(text, 'utf8').toString('hex')}`;

/** Values that end the literal they are written into and make the comparison always true. */
const TAUTOLOGIES = [
  "' OR 1=1 -- ",
  "\\' OR 1=1 -- ",
  "' OR '1'='1",
  "\\' OR '1'='1' -- ",
  "') OR ('1'='1",
  '" OR ""="',
  'trailing backslash \\',
];

/** What injected rows and values start with, to look for them. */
const INJECTED = 'pwn';
const injected = { $like: `${INJECTED}%` };
// The values that follow title in an INSERT of every field (body … updatedAt), without quotes.
const AFTER_TITLE = `${hex('b')},0,NULL,0,0,${hex('a')},${hex('[]')},NULL,uuid(),1,now(),now()`;

/** Titles that end their literal (with `'`, or `\'` for servers that ignore the backslash) and add a row. */
const secondTuple = (scope: string): string[] =>
  ["x'", "x\\'"].map(
    (opening, i) => `${opening},${AFTER_TITLE}),(${hex(scope)},${hex(`${INJECTED}-${i}`)},${AFTER_TITLE})#`,
  );

/** Titles that end their literal in an UPDATE and set the body of the same row. */
const secondAssignment = (id: string): string[] =>
  ["x'", "x\\'"].map((opening) => `${opening},body=${hex(INJECTED)} where id=${hex(id)}#`);

export function craftedLiteralTests(ctx: RepositorySuiteContext): void {
  describe('values crafted to end their SQL literal', () => {
    it('match no row, as a filter value, when no row holds them', async () => {
      const scope = ctx.scope('crafted-absent');
      await ctx.notes().createMany(['decoy one', 'decoy two'].map((title) => noteInput(scope, { title })));
      for (const title of TAUTOLOGIES) {
        // A tautology would return every row of the scope, or of the table.
        expect(await ctx.notes().find({ scope, title }), title).toEqual([]);
        expect(await ctx.notes().findOne({ scope, title }), title).toBeNull();
        expect(await ctx.notes().count({ title }), title).toBe(0);
        expect(await ctx.notes().exists({ scope, body: { $in: [title] } }), title).toBe(false);
      }
    });

    it('match, as a filter value, only the row that holds them', async () => {
      const scope = ctx.scope('crafted-filter');
      const notes = await ctx
        .notes()
        .createMany([
          ...TAUTOLOGIES.map((title, rank) => noteInput(scope, { title, rank })),
          noteInput(scope, { title: 'decoy', rank: -1 }),
        ]);
      for (const [rank, title] of TAUTOLOGIES.entries()) {
        expect(
          (await ctx.notes().find({ scope, title })).map((n) => n.rank),
          title,
        ).toEqual([rank]);
        expect(await ctx.notes().count({ scope, title }), title).toBe(1);
        expect((await ctx.notes().findOne({ scope, title }))?.rank, title).toBe(rank);
        expect(await ctx.notes().find({ scope, title: `absent ${title}` }), title).toEqual([]);
      }
      expect(await ctx.notes().count({ scope })).toBe(notes.length);
    });

    it('create one row holding them verbatim, never a second VALUES tuple', async () => {
      const scope = ctx.scope('ct');
      const titles = secondTuple(scope);
      const created: ConformanceNoteEntity[] = [];
      for (const title of titles) {
        expect(title.length, 'the payload fits the title column').toBeLessThanOrEqual(200);
        created.push(await ctx.notes().create(noteInput(scope, { title })));
      }
      // An injected tuple shows here as an extra row titled pwn-…, the first as a cut title.
      expect((await ctx.notes().find({ scope })).map((n) => n.title).sort()).toEqual([...titles].sort());
      for (const note of created) expect(await ctx.notes().findById(note.id)).toEqual(note);
      expect(await ctx.notes().count({ title: injected })).toBe(0);
    });

    it('create one row each inside a transaction too', async () => {
      const scope = ctx.scope('ct');
      const created = await ctx
        .database()
        .transaction((tx) =>
          tx
            .repository(ConformanceNote)
            .createMany(secondTuple(scope).map((title) => noteInput(scope, { title }))),
        );
      expect(ids(await ctx.notes().find({ scope })).sort()).toEqual(ids(created).sort());
      expect(await ctx.notes().count({ scope, title: injected })).toBe(0);
    });

    it('update only the title of the row, never another column', async () => {
      const scope = ctx.scope('crafted-update');
      const note = await ctx.notes().create(noteInput(scope, { title: 'before', body: 'kept body' }));
      for (const title of secondAssignment(note.id)) {
        const updated = await ctx.notes().update(note.id, { title });
        expect(updated).toMatchObject({ title, body: 'kept body' });
        expect(await ctx.notes().getById(note.id)).toMatchObject({ title, body: 'kept body' });
      }
      expect(await ctx.notes().count({ body: injected })).toBe(0);
    });
  });
}
