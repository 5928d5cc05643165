// createMany() in one call, all or nothing; stream() in small batches.
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { ConformanceNote, type ConformanceNoteEntity } from '../entities.ts';
import { expectValidationError } from '../expect-stowage-error.ts';
import { ids, noteInput, noteInputs } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

const MANY = 2_500;

export function bulkTests(ctx: RepositorySuiteContext): void {
  describe('createMany', () => {
    it(`stores ${MANY.toLocaleString('en')} rows in one call and returns them in input order`, {
      timeout: 120_000,
    }, async () => {
      const scope = ctx.scope('create-many');
      // 14 columns × 2,500 rows is past SQLite's 32,766 bind parameters for a single INSERT.
      const inputs = noteInputs(scope, MANY, (i) => ({ title: `row-${i}`, big: BigInt(i) * 2n ** 40n }));
      const created = await ctx.notes().createMany(inputs);
      expect(created).toHaveLength(MANY);
      expect(created.map((n) => n.title)).toEqual(inputs.map((i) => i.title));
      expect(new Set(ids(created)).size).toBe(MANY);
      expect(created.every((n) => n.version === 1 && n.createdAt instanceof Date)).toBe(true);
      expect(await ctx.notes().count({ scope })).toBe(MANY);
      const last = created[MANY - 1] as ConformanceNoteEntity;
      expect(await ctx.notes().findById(last.id)).toEqual(last);
    });

    // Drivers may send rows differently inside a transaction (PostgreSQL: column arrays).
    for (const inTransaction of [false, true]) {
      it(`stores every column type, nulls and extremes included${inTransaction ? ', inside a transaction' : ''}`, async () => {
        const scope = ctx.scope(`create-many-types-${inTransaction}`);
        const due = new Date('2031-02-03T04:05:06.789Z');
        const inputs = [
          noteInput(scope, { title: 'nulls' }),
          noteInput(scope, {
            title: 'NULL',
            body: `${'x'.repeat(70_000)} {"a","b"},{} \\ ' "`,
            rank: -2_147_483_648,
            score: -1.5e-7,
            big: -(2n ** 63n),
            done: true,
            kind: 'c',
            tags: ['', 'NULL', '{"a":[1]}', 'ü', '\\"'],
            dueAt: due,
          }),
        ];
        const created = inTransaction
          ? await ctx.database().transaction((tx) => tx.repository(ConformanceNote).createMany(inputs))
          : await ctx.notes().createMany(inputs);
        expect(created[0]).toMatchObject({ score: null, dueAt: null, done: false, tags: [] });
        expect(created[1]).toMatchObject({ ...inputs[1], dueAt: due });
        for (const note of created) expect(await ctx.notes().findById(note.id)).toEqual(note);
      });
    }

    it('returns [] for no inputs', async () => {
      expect(await ctx.notes().createMany([])).toEqual([]);
    });

    it('writes nothing when one input is invalid', async () => {
      const scope = ctx.scope('create-many-invalid');
      const inputs = noteInputs(scope, 5);
      const bad = { ...inputs[3], title: '' } as (typeof inputs)[number];
      const error = await expectValidationError(
        ctx.notes().createMany([...inputs.slice(0, 3), bad, ...inputs.slice(4)]),
      );
      expect(error.issues.some((issue) => issue.path.split('.').includes('title'))).toBe(true);
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it('writes nothing when one input violates a unique key', async () => {
      const scope = ctx.scope('create-many-conflict');
      const inputs = noteInputs(scope, 5);
      inputs.push(noteInput(scope, { title: 'n002' }));
      await expectStowageError(ctx.notes().createMany(inputs), 'CONFLICT');
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it(`writes nothing when the last of ${MANY.toLocaleString('en')} rows violates a unique key`, {
      timeout: 120_000,
    }, async () => {
      const scope = ctx.scope('create-many-late-conflict');
      // Past one statement's worth of rows: the statements before the failing one roll back too.
      const inputs = noteInputs(scope, MANY - 1);
      inputs.push(noteInput(scope, { title: 'n000' }));
      await expectStowageError(ctx.notes().createMany(inputs), 'CONFLICT');
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it('inside a transaction that rolls back, leaves nothing', async () => {
      const scope = ctx.scope('create-many-rollback');
      await expect(
        ctx.database().transaction(async (tx) => {
          await tx.repository(ConformanceNote).createMany(noteInputs(scope, 1_200));
          expect(await tx.repository(ConformanceNote).count({ scope })).toBe(1_200);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await ctx.notes().count({ scope })).toBe(0);
    });

    it('returns the database-generated key of every row', async () => {
      const scope = ctx.scope('create-many-increment');
      const created = await ctx
        .counters()
        .createMany(Array.from({ length: 25 }, (_, i) => ({ scope, name: `c${i}` })));
      const keys = created.map((c) => c.id);
      expect(keys.every((id) => typeof id === 'number' && Number.isInteger(id) && id > 0)).toBe(true);
      expect(new Set(keys).size).toBe(25);
      for (const counter of created) expect(await ctx.counters().findById(counter.id)).toEqual(counter);
    });

    it('returns generated keys in input order across several statements', { timeout: 60_000 }, async () => {
      const scope = ctx.scope('create-many-increment-large');
      const created = await ctx
        .counters()
        .createMany(Array.from({ length: 2_100 }, (_, i) => ({ scope, name: `c${i}` })));
      expect(new Set(created.map((c) => c.id)).size).toBe(2_100);
      for (const i of [0, 999, 1_000, 2_099]) {
        const counter = created[i];
        expect(counter?.name).toBe(`c${i}`);
        expect(await ctx.counters().findById(counter?.id)).toEqual(counter);
      }
    });

    it('keeps the keys rows give and generates the others', async () => {
      const scope = ctx.scope('create-many-increment-mixed');
      const [first] = await ctx.counters().createMany([{ scope, name: 'probe' }]);
      const given = (first?.id ?? 0) + 1_000_000;
      const created = await ctx.counters().createMany([
        { scope, name: 'generated-1' },
        { id: given, scope, name: 'given' },
        { scope, name: 'generated-2' },
      ]);
      expect(created.map((c) => c.name)).toEqual(['generated-1', 'given', 'generated-2']);
      expect(created[1]?.id).toBe(given);
      for (const counter of created) expect(await ctx.counters().findById(counter.id)).toEqual(counter);
      expect(new Set(created.map((c) => c.id)).size).toBe(3);
    });
  });

  describe('stream', () => {
    it('yields every row exactly once with a small batch size', async () => {
      const scope = ctx.scope('stream');
      const created = await ctx.notes().createMany(noteInputs(scope, 50));
      const streamed: ConformanceNoteEntity[] = [];
      for await (const note of ctx.notes().stream({ scope }, { batchSize: 7 })) streamed.push(note);
      expect(streamed).toHaveLength(50);
      expect(ids(streamed).sort()).toEqual(ids(created).sort());
      expect(streamed.find((n) => n.id === created[17]?.id)).toEqual(created[17]);
    });

    it('yields rows in the given order across batches', async () => {
      const scope = ctx.scope('stream-order');
      await ctx.notes().createMany(noteInputs(scope, 50, (i) => ({ rank: (i * 13) % 50 })));
      const ranks: number[] = [];
      for await (const note of ctx.notes().stream({ scope }, { batchSize: 7, orderBy: { rank: 'desc' } })) {
        ranks.push(note.rank);
      }
      expect(ranks).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
    });

    it('yields only matching rows, and nothing when none match', async () => {
      const scope = ctx.scope('stream-filter');
      await ctx.notes().createMany(noteInputs(scope, 20, (i) => ({ done: i % 4 === 0 })));
      let count = 0;
      for await (const note of ctx.notes().stream({ scope, done: true }, { batchSize: 3 })) {
        expect(note.done).toBe(true);
        count += 1;
      }
      expect(count).toBe(5);
      for await (const _ of ctx.notes().stream({ scope: ctx.scope('stream-empty') })) {
        expect.fail('an empty stream yielded a row');
      }
    });

    it('can be left early, and the repository keeps working', async () => {
      const scope = ctx.scope('stream-break');
      await ctx.notes().createMany(noteInputs(scope, 30));
      let taken = 0;
      for await (const _ of ctx.notes().stream({ scope }, { batchSize: 4 })) {
        taken += 1;
        if (taken === 6) break;
      }
      expect(taken).toBe(6);
      expect(await ctx.notes().count({ scope })).toBe(30);
      await ctx.notes().create(noteInput(scope, { title: 'after the stream' }));
      expect(await ctx.notes().count({ scope })).toBe(31);
    });
  });
}
