// Repositories hand out plain data: exactly the schema's fields, a fresh object per read, and no
// change tracking — mutating a returned entity never reaches the database.
import { describe, expect, it } from 'vitest';
import { ConformanceNote, type ConformanceNoteEntity } from '../entities.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const FIELDS = Object.keys(ConformanceNote.schema.shape).sort();

function expectPlain(entity: unknown, where: string): void {
  expect(entity, where).toBeTypeOf('object');
  const proto = Object.getPrototypeOf(entity);
  expect(proto === Object.prototype || proto === null, `${where}: a plain object`).toBe(true);
  expect(Object.keys(entity as object).sort(), `${where}: exactly the schema fields`).toEqual(FIELDS);
}

function mutate(note: ConformanceNoteEntity): void {
  note.title = 'mutated';
  note.rank = 999;
  note.tags.push('mutated');
  note.dueAt?.setTime(0);
}

export function plainObjectTests(ctx: RepositorySuiteContext): void {
  describe('plain objects', () => {
    it('every read and write returns a plain object with exactly the schema fields', async () => {
      const scope = ctx.scope('plain');
      const repo = ctx.notes();
      const created = await repo.create(noteInput(scope, { title: 'plain' }));
      expectPlain(created, 'create');
      expectPlain((await repo.createMany([noteInput(scope, { title: 'plain 2' })]))[0], 'createMany');
      expectPlain(await repo.findById(created.id), 'findById');
      expectPlain(await repo.getById(created.id), 'getById');
      expectPlain(await repo.findOne({ scope, title: 'plain' }), 'findOne');
      expectPlain((await repo.find({ scope }))[0], 'find');
      expectPlain((await repo.findPage({ scope }, { limit: 1 })).items[0], 'findPage');
      for await (const note of repo.stream({ scope })) expectPlain(note, 'stream');
      expectPlain(await repo.update(created.id, { rank: 1 }), 'update');
      expectPlain(
        await repo.upsert(noteInput(scope, { title: 'plain' }), { onConflict: ['scope', 'title'] }),
        'upsert',
      );
      // Plain data survives structured cloning unchanged.
      expect(structuredClone(created)).toEqual(created);
    });

    it('mutating a returned entity changes neither the row nor the next read', async () => {
      const scope = ctx.scope('mutate');
      const due = new Date('2030-01-01T00:00:00.000Z');
      const created = await ctx
        .notes()
        .create(noteInput(scope, { title: 'original', tags: ['a'], dueAt: due }));
      const snapshot = structuredClone(created);
      mutate(created);
      const read = await ctx.notes().getById(snapshot.id);
      expect(read).toEqual(snapshot);
      expect(read).not.toBe(created);
      mutate(read);
      expect(await ctx.notes().getById(snapshot.id)).toEqual(snapshot);
      expect(await ctx.notes().findOne({ scope, title: 'original' })).toEqual(snapshot);
    });

    it('mutating the create() input afterwards does not change the row', async () => {
      const scope = ctx.scope('mutate-input');
      const input = noteInput(scope, { title: 'input', tags: ['a'] });
      const created = await ctx.notes().create(input);
      input.tags.push('b');
      input.title = 'changed';
      expect(await ctx.notes().getById(created.id)).toMatchObject({ title: 'input', tags: ['a'] });
    });

    it('two reads of one row return different objects', async () => {
      const created = await ctx.notes().create(noteInput(ctx.scope('identity')));
      const first = await ctx.notes().getById(created.id);
      const second = await ctx.notes().getById(created.id);
      expect(first).toEqual(second);
      expect(first).not.toBe(second);
      expect(first.tags).not.toBe(second.tags);
    });

    it('an entity mutated inside a transaction is not written when it commits', async () => {
      const created = await ctx.notes().create(noteInput(ctx.scope('tx-mutate'), { title: 'untouched' }));
      await ctx.database().transaction(async (tx) => {
        const repo = tx.repository(ConformanceNote);
        const inside = await repo.getById(created.id);
        mutate(inside);
        // A second read in the same transaction does not hand back the mutated object.
        expect(await repo.getById(created.id)).toEqual(created);
      });
      expect(await ctx.notes().getById(created.id)).toEqual(created);
    });
  });
}
