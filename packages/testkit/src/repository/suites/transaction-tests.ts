// database.transaction(): commit on resolve, roll back on throw, nested transactions on
// savepoints, and a transaction's reads seeing its own writes.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { ConformanceNote } from '../entities.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const titles = (rows: readonly { title: string }[]) => rows.map((r) => r.title).sort();

export function transactionTests(ctx: RepositorySuiteContext): void {
  describe('transactions', () => {
    it('commits when the callback resolves, and returns its value', async () => {
      const scope = ctx.scope('tx-commit');
      const result = await ctx.database().transaction(async (tx) => {
        const note = await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'committed' }));
        return { id: note.id };
      });
      expect(await ctx.notes().getById(result.id)).toMatchObject({ scope, title: 'committed' });
    });

    it('rolls back when the callback throws, and rethrows that error', async () => {
      const scope = ctx.scope('tx-rollback');
      const boom = new Error('boom');
      let id: unknown;
      await expect(
        ctx.database().transaction(async (tx) => {
          const note = await tx
            .repository(ConformanceNote)
            .create(noteInput(scope, { title: 'rolled back' }));
          id = note.id;
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(id).toBeDefined();
      expect(await ctx.notes().findById(id)).toBeNull();
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it('rolls back updates and deletes too', async () => {
      const scope = ctx.scope('tx-rollback-writes');
      const kept = await ctx.notes().create(noteInput(scope, { title: 'kept', rank: 1 }));
      const changed = await ctx.notes().create(noteInput(scope, { title: 'changed', rank: 1 }));
      await expect(
        ctx.database().transaction(async (tx) => {
          const repo = tx.repository(ConformanceNote);
          await repo.update(changed.id, { rank: 2 });
          await repo.delete(kept.id);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await ctx.notes().getById(kept.id)).toEqual(kept);
      expect(await ctx.notes().getById(changed.id)).toEqual(changed);
    });

    it('reads inside a transaction see its own writes', async () => {
      const scope = ctx.scope('tx-own-writes');
      const before = await ctx.notes().create(noteInput(scope, { title: 'before', rank: 1 }));
      await ctx.database().transaction(async (tx) => {
        const repo = tx.repository(ConformanceNote);
        const inside = await repo.create(noteInput(scope, { title: 'inside', rank: 2 }));
        expect(await repo.findById(inside.id)).toEqual(inside);
        expect(await repo.count({ scope })).toBe(2);
        await repo.update(before.id, { rank: 10 });
        expect(await repo.findOne({ scope, rank: 10 })).toMatchObject({ id: before.id, version: 2 });
        await repo.delete(inside.id);
        expect(await repo.exists({ scope, title: 'inside' })).toBe(false);
        expect(titles(await repo.find({ scope }))).toEqual(['before']);
      });
      expect(await ctx.notes().getById(before.id)).toMatchObject({ rank: 10, version: 2 });
    });

    it('a nested transaction that throws rolls back only its own writes; the outer one commits', async () => {
      const scope = ctx.scope('tx-nested-throw');
      await ctx.database().transaction(async (tx) => {
        await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'outer before' }));
        await expect(
          tx.transaction(async (inner) => {
            const repo = inner.repository(ConformanceNote);
            await repo.create(noteInput(scope, { title: 'inner' }));
            expect(await repo.count({ scope })).toBe(2);
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
        // The outer transaction no longer sees the savepoint's row, and carries on.
        expect(titles(await tx.repository(ConformanceNote).find({ scope }))).toEqual(['outer before']);
        await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'outer after' }));
      });
      expect(titles(await ctx.notes().find({ scope }))).toEqual(['outer after', 'outer before']);
    });

    it('a nested transaction that resolves commits with the outer one', async () => {
      const scope = ctx.scope('tx-nested-ok');
      const value = await ctx.database().transaction(async (tx) => {
        await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'outer' }));
        return tx.transaction(async (inner) => {
          await inner.repository(ConformanceNote).create(noteInput(scope, { title: 'inner' }));
          return 'inner value';
        });
      });
      expect(value).toBe('inner value');
      expect(titles(await ctx.notes().find({ scope }))).toEqual(['inner', 'outer']);
    });

    it('rolling back the outer transaction also undoes a nested one that resolved', async () => {
      const scope = ctx.scope('tx-nested-outer-fails');
      await expect(
        ctx.database().transaction(async (tx) => {
          await tx.transaction(async (inner) => {
            await inner.repository(ConformanceNote).create(noteInput(scope, { title: 'inner' }));
          });
          throw new Error('outer failed');
        }),
      ).rejects.toThrow('outer failed');
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it('two levels of nesting roll back independently', async () => {
      const scope = ctx.scope('tx-nested-deep');
      await ctx.database().transaction(async (tx) => {
        await tx.transaction(async (level1) => {
          await level1.repository(ConformanceNote).create(noteInput(scope, { title: 'level 1' }));
          await level1
            .transaction(async (level2) => {
              await level2.repository(ConformanceNote).create(noteInput(scope, { title: 'level 2' }));
              throw new Error('level 2 failed');
            })
            .catch(() => undefined);
        });
      });
      expect(titles(await ctx.notes().find({ scope }))).toEqual(['level 1']);
    });

    it('a conflict inside a nested transaction leaves the outer one usable', async () => {
      // Without a savepoint, PostgreSQL aborts the whole transaction after a failed statement.
      const scope = ctx.scope('tx-nested-conflict');
      await ctx.database().transaction(async (tx) => {
        const repo = tx.repository(ConformanceNote);
        await repo.create(noteInput(scope, { title: 'taken' }));
        await expectStowageError(
          tx.transaction((inner) =>
            inner.repository(ConformanceNote).create(noteInput(scope, { title: 'taken' })),
          ),
          'CONFLICT',
        );
        await repo.create(noteInput(scope, { title: 'after conflict' }));
      });
      expect(titles(await ctx.notes().find({ scope }))).toEqual(['after conflict', 'taken']);
    });

    it('an error thrown out of a transaction rolls back every write in it', async () => {
      const scope = ctx.scope('tx-conflict');
      await ctx.notes().create(noteInput(scope, { title: 'taken' }));
      await expectStowageError(
        ctx.database().transaction(async (tx) => {
          const repo = tx.repository(ConformanceNote);
          await repo.create(noteInput(scope, { title: 'written first' }));
          await repo.create(noteInput(scope, { title: 'taken' }));
        }),
        'CONFLICT',
      );
      expect(titles(await ctx.notes().find({ scope }))).toEqual(['taken']);
    });

    it('a repository kept past its transaction is refused, never run on a pooled connection', async () => {
      const scope = ctx.scope('tx-ended');
      let kept: ReturnType<typeof ctx.notes> | undefined;
      await ctx.database().transaction(async (tx) => {
        kept = tx.repository(ConformanceNote);
        await kept.create(noteInput(scope, { title: 'inside' }));
      });
      await expect(kept?.create(noteInput(scope, { title: 'after' }))).rejects.toMatchObject({
        code: 'TRANSACTION_ENDED',
      });
      expect((await ctx.notes().find({ scope })).map((n) => n.title)).toEqual(['inside']);
    });

    it('the database keeps working after a rolled-back transaction', async () => {
      const scope = ctx.scope('tx-after');
      await ctx
        .database()
        .transaction(async () => {
          throw new Error('nothing done');
        })
        .catch(() => undefined);
      const id = await ctx.database().transaction(async (tx) => {
        return (await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'next' }))).id;
      });
      expect(await ctx.notes().findById(id)).not.toBeNull();
    });
  });
}
