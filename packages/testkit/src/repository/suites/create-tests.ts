// create(): what the stored entity looks like — generated keys, version, timestamps, defaults.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createTests(ctx: RepositorySuiteContext): void {
  describe('create', () => {
    it('returns the stored entity with a generated uuid, version 1, timestamps and defaults', async () => {
      const scope = ctx.scope('create');
      const before = Date.now();
      const note = await ctx.notes().create(noteInput(scope, { title: 'first', rank: 7 }));
      const after = Date.now();

      expect(note.id).toMatch(UUID);
      expect(note).toMatchObject({ scope, title: 'first', rank: 7, version: 1, done: false });
      expect(note.createdAt).toBeInstanceOf(Date);
      expect(note.updatedAt).toBeInstanceOf(Date);
      // Generous bounds: the database clock may differ slightly from this process's.
      expect(note.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(note.createdAt.getTime()).toBeLessThanOrEqual(after + 5_000);
      expect(note.updatedAt.getTime()).toBe(note.createdAt.getTime());
      // What create() returned is what was stored, to the millisecond.
      expect(await ctx.notes().findById(note.id)).toEqual(note);
    });

    it('keeps a uuid the caller supplies', async () => {
      const id = randomUUID();
      const note = await ctx.notes().create(noteInput(ctx.scope('given-id'), { id }));
      expect(note.id).toBe(id);
      expect((await ctx.notes().getById(id)).id).toBe(id);
    });

    it('generates a distinct id for every row', async () => {
      const scope = ctx.scope('distinct-ids');
      const notes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => ctx.notes().create(noteInput(scope, { title: `t${i}` }))),
      );
      expect(new Set(notes.map((n) => n.id)).size).toBe(10);
      expect(await ctx.notes().count({ scope })).toBe(10);
    });

    it('lets the database generate increasing integer keys', async () => {
      const scope = ctx.scope('increment');
      const first = await ctx.counters().create({ scope, name: 'one' });
      const second = await ctx.counters().create({ scope, name: 'two' });
      expect(typeof first.id).toBe('number');
      expect(Number.isInteger(first.id) && first.id > 0).toBe(true);
      expect(second.id).toBeGreaterThan(first.id);
      expect(await ctx.counters().findById(first.id)).toEqual({ id: first.id, scope, name: 'one' });
      expect(await ctx.counters().getById(second.id)).toEqual({ id: second.id, scope, name: 'two' });
    });
  });
}
