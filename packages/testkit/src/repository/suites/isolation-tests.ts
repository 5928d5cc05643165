// Uncommitted writes stay inside their transaction. Databases that run transactions side by side
// (PostgreSQL, MariaDB) must hide them; one that serializes transactions (SQLite behind a lock)
// may instead make the other side wait, so each check waits a bounded time and only asserts on
// what overlapped, never deadlocking on a database that queues.
import { describe, expect, it } from 'vitest';
import { type Deferred, deferred, within } from '../deferred.ts';
import { ConformanceNote } from '../entities.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

/** How long a side waits for the other to show up before deciding they do not overlap. */
const OVERLAP_WAIT = 2_000;
/** How long a side keeps its transaction open for the other to finish looking. */
const LOOK_WAIT = 15_000;

interface Side {
  wrote: Deferred;
  looked: Deferred;
  /** Set, in the same tick as its check, by a side that gave up waiting and is committing. */
  closing: boolean;
}

const side = (): Side => ({ wrote: deferred(), looked: deferred(), closing: false });

export function isolationTests(ctx: RepositorySuiteContext): void {
  describe('isolation', () => {
    it('an uncommitted row is invisible to repositories outside the transaction', {
      timeout: 30_000,
    }, async () => {
      const scope = ctx.scope('iso-outside');
      let id: unknown;
      const outside: Promise<unknown>[] = [];
      await ctx.database().transaction(async (tx) => {
        id = (await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'uncommitted' }))).id;
        const byId = ctx.notes().findById(id);
        const count = ctx.notes().count({ scope });
        outside.push(byId, count);
        const read = await within(byId, OVERLAP_WAIT);
        const counted = await within(count, OVERLAP_WAIT);
        // Answered while the transaction is open: neither may have seen the row.
        if (read.settled) expect(read).toEqual({ settled: true, value: null });
        if (counted.settled) expect(counted).toEqual({ settled: true, value: 0 });
        // Still visible inside.
        expect(await tx.repository(ConformanceNote).findById(id)).not.toBeNull();
      });
      // A read that had to wait for the commit may see the row or not: both are isolated.
      await Promise.all(outside);
      expect(await ctx.notes().findById(id)).not.toBeNull();
    });

    it('an uncommitted update is invisible outside; the old row stays readable', {
      timeout: 30_000,
    }, async () => {
      const scope = ctx.scope('iso-update');
      const note = await ctx.notes().create(noteInput(scope, { title: 'v1', rank: 1 }));
      let outside: Promise<unknown> | undefined;
      await ctx.database().transaction(async (tx) => {
        await tx.repository(ConformanceNote).update(note.id, { rank: 2 });
        outside = ctx.notes().findById(note.id);
        const read = await within(outside, OVERLAP_WAIT);
        if (read.settled) expect(read).toEqual({ settled: true, value: note });
      });
      await outside;
      expect(await ctx.notes().getById(note.id)).toMatchObject({ rank: 2, version: 2 });
    });

    it('a row from a rolled-back transaction never appears outside', { timeout: 30_000 }, async () => {
      const scope = ctx.scope('iso-rollback');
      let outsideRead: Promise<number> | undefined;
      await expect(
        ctx.database().transaction(async (tx) => {
          await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'never' }));
          outsideRead = ctx.notes().count({ scope });
          await within(outsideRead, OVERLAP_WAIT);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await outsideRead).toBe(0);
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it('two concurrent transactions do not see each other’s uncommitted rows', {
      timeout: 60_000,
    }, async () => {
      const scope = ctx.scope('iso-two');
      const sides = { a: side(), b: side() };
      let overlapped = 0;

      const run = (me: Side, other: Side, title: string, otherTitle: string) =>
        ctx.database().transaction(async (tx) => {
          const repo = tx.repository(ConformanceNote);
          await repo.create(noteInput(scope, { title }));
          me.wrote.resolve();
          await within(other.wrote.promise, OVERLAP_WAIT);
          // Decide synchronously: the other side has written and is still open (it waits for us).
          if (!(other.wrote.settled && !other.closing)) {
            me.closing = true;
            me.looked.resolve();
            return;
          }
          overlapped += 1;
          expect(await repo.findOne({ scope, title: otherTitle })).toBeNull();
          expect((await repo.find({ scope })).map((n) => n.title)).toEqual([title]);
          me.looked.resolve();
          // Keep this transaction open until the other side has looked too.
          await within(other.looked.promise, LOOK_WAIT);
        });

      await Promise.all([
        run(sides.a, sides.b, 'from a', 'from b'),
        run(sides.b, sides.a, 'from b', 'from a'),
      ]);
      expect(overlapped === 0 || overlapped === 2, 'both sides or neither saw the overlap').toBe(true);
      const committed = (await ctx.notes().find({ scope })).map((n) => n.title).sort();
      expect(committed).toEqual(['from a', 'from b']);
    });
  });
}
