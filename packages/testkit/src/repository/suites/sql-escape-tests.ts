// The typed SQL escape hatch (tx.sql / database.sql): queries on the unit of work's connection.
// Inside a transaction tx.sql must see (and roll back with) the transaction's repository writes,
// which only holds when it runs on the transaction's own connection; rows it reads parse to what
// the repository returns; its driver errors are Stowage errors; its values are bound.
import {
  createMemoryCache,
  createMemoryObjectStore,
  type Database,
  type DatabaseTransaction,
  type EntityOf,
  type SqlAccess,
  stowageFrom,
} from '@stowage/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { expectStowageError } from '../../expect-stowage-error.ts';
import { within } from '../deferred.ts';
import {
  ConformanceDocument,
  ConformanceLedger,
  ConformanceNote,
  type ConformanceNoteEntity,
} from '../entities.ts';
import { hostileStrings } from '../hostile-strings.ts';
import { noteInput } from '../note-input.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

/** How long a side waits for the other before deciding they do not overlap (SQLite queues). */
const OVERLAP_WAIT = 2_000;

/** The suite's tables, typed without registering them (a library must not augment Register). */
const typed = (access: SqlAccess) => access.for({ ConformanceNote, ConformanceLedger, ConformanceDocument });
type Sql = ReturnType<typeof typed>;

const notesIn = (sql: Sql, scope: string) =>
  sql.selectFrom('conformance_note').selectAll().where('scope', '=', scope).orderBy('title').execute();

/** A whole note row for a raw insert, converted as the repository binds it. */
const noteRow = (sql: Sql, scope: string, title: string, overrides: Partial<ConformanceNoteEntity> = {}) => {
  const now = new Date();
  return sql.toRow(ConformanceNote, {
    ...noteInput(scope, { title }),
    done: false,
    id: crypto.randomUUID(),
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
};

/** The database with its transaction() calls counted (what opening a connection takes). */
function counted(database: Database, calls: { transactions: number }): Database {
  return new Proxy(database, {
    get(target, property) {
      if (property === 'transaction') {
        return (work: (tx: DatabaseTransaction) => Promise<unknown>) => {
          calls.transactions += 1;
          return target.transaction(work);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function sqlEscapeTests(ctx: RepositorySuiteContext): void {
  describe('SQL escape hatch', () => {
    it("tx.sql sees the transaction's uncommitted repository writes; others do not", {
      timeout: 30_000,
    }, async () => {
      const scope = ctx.scope('sql-own');
      const outside: Promise<unknown>[] = [];
      await ctx.database().transaction(async (tx) => {
        await tx.repository(ConformanceNote).create(noteInput(scope, { title: 'uncommitted' }));
        const inside = await notesIn(typed(tx.sql), scope);
        expect(inside.map((row) => row.title)).toEqual(['uncommitted']);
        // A parallel transaction's tx.sql and a pooled one: answered while this one is open,
        // neither may see the row (SQLite queues them behind this transaction instead).
        const parallel = ctx.database().transaction((other) => notesIn(typed(other.sql), scope));
        const pooled = notesIn(typed(ctx.database().sql), scope);
        outside.push(parallel, pooled);
        for (const read of [await within(parallel, OVERLAP_WAIT), await within(pooled, OVERLAP_WAIT)]) {
          if (read.settled) expect(read).toEqual({ settled: true, value: [] });
        }
      });
      await Promise.all(outside);
      expect((await notesIn(typed(ctx.database().sql), scope)).map((row) => row.title)).toEqual([
        'uncommitted',
      ]);
    });

    it('escape-hatch writes are seen by the repository in the transaction and roll back with it', async () => {
      const scope = ctx.scope('sql-rollback');
      const kept = await ctx.notes().create(noteInput(scope, { title: 'kept', rank: 1 }));
      let insertedId: unknown;
      await expect(
        ctx.database().transaction(async (tx) => {
          const sql = typed(tx.sql);
          const row = noteRow(sql, scope, 'raw insert');
          insertedId = row.id;
          await sql.insertInto('conformance_note').values(row).execute();
          const updated = await sql
            .updateTable('conformance_note')
            .set({ rank: 2 })
            .where('id', '=', kept.id)
            .executeTakeFirstOrThrow();
          expect(updated.numUpdatedRows).toBe(1n);
          // The repository on the same transaction sees both raw writes.
          expect(await tx.repository(ConformanceNote).findById(insertedId)).toMatchObject({
            title: 'raw insert',
          });
          expect(await tx.repository(ConformanceNote).getById(kept.id)).toMatchObject({ rank: 2 });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await ctx.notes().findById(insertedId)).toBeNull();
      expect(await ctx.notes().getById(kept.id)).toEqual(kept);
    });

    it("a savepoint rolls back its escape-hatch writes and keeps the outer transaction's", async () => {
      const scope = ctx.scope('sql-savepoint');
      await ctx.database().transaction(async (tx) => {
        const sql = typed(tx.sql);
        await sql
          .insertInto('conformance_note')
          .values(noteRow(sql, scope, 'outer'))
          .execute();
        await expect(
          tx.transaction(async (inner) => {
            const nested = typed(inner.sql);
            await nested
              .insertInto('conformance_note')
              .values(noteRow(nested, scope, 'inner'))
              .execute();
            expect((await notesIn(nested, scope)).map((row) => row.title)).toEqual(['inner', 'outer']);
            throw new Error('roll back the savepoint');
          }),
        ).rejects.toThrow('roll back the savepoint');
        expect((await notesIn(sql, scope)).map((row) => row.title)).toEqual(['outer']);
      });
      expect((await ctx.notes().find({ scope })).map((note) => note.title)).toEqual(['outer']);
    });

    it('a raw row parses to exactly what the repository returns', async () => {
      const scope = ctx.scope('sql-parse');
      const sql = typed(ctx.database().sql);
      const note = await ctx.notes().create(
        noteInput(scope, {
          title: 'every type',
          score: -1.5,
          big: -(2n ** 53n - 1n),
          done: true,
          tags: ['a', 'b "quoted"'],
          dueAt: new Date('2031-02-03T04:05:06.789Z'),
        }),
      );
      const empty = await ctx.notes().create(noteInput(scope, { title: 'nulls' }));
      const row = await sql
        .selectFrom('conformance_note')
        .selectAll()
        .where('id', '=', note.id)
        .executeTakeFirstOrThrow();
      expect(sql.parse(ConformanceNote, row)).toEqual(note);
      const nulls = await sql
        .selectFrom('conformance_note')
        .selectAll()
        .where('id', '=', empty.id)
        .executeTakeFirstOrThrow();
      expect(sql.parse(ConformanceNote, nulls)).toEqual(empty);

      // Past 2^53 a bare SQLite read rounds: columns() reads as the repository does.
      const huge = await ctx.notes().create(noteInput(scope, { title: 'huge', big: 2n ** 63n - 1n }));
      const exact = await sql
        .selectFrom('conformance_note')
        .select(sql.columns(ConformanceNote))
        .where('id', '=', huge.id)
        .executeTakeFirstOrThrow();
      expect(sql.parse(ConformanceNote, exact)).toEqual(huge);

      const ledger = await ctx
        .database()
        .repository(ConformanceLedger)
        .create({
          scope,
          account: 'cash',
          side: 'credit',
          amount: '12345.6789',
          units: 42n,
          weight: null,
          quantity: 3,
          bookedOn: new Date('2024-02-29T00:00:00.000Z'),
        });
      const ledgerRow = await sql
        .selectFrom('conformance_ledger')
        .selectAll()
        .where('id', '=', ledger.id)
        .executeTakeFirstOrThrow();
      expect(sql.parse(ConformanceLedger, ledgerRow)).toEqual(ledger);

      const document = await ctx
        .database()
        .repository(ConformanceDocument)
        .create({
          scope,
          label: 'json',
          data: { nested: { list: [1, 'two', null, true] }, text: "it's" },
          list: null,
        });
      const documentRow = await sql
        .selectFrom('conformance_document')
        .selectAll()
        .where('id', '=', document.id)
        .executeTakeFirstOrThrow();
      expect(sql.parse(ConformanceDocument, documentRow)).toEqual(document);

      // Some columns give those fields only.
      const partial = await sql
        .selectFrom('conformance_note')
        .select(['id', 'done', 'due_at'])
        .where('id', '=', note.id)
        .executeTakeFirstOrThrow();
      expect(sql.parse(ConformanceNote, partial)).toEqual({ id: note.id, done: true, dueAt: note.dueAt });
    });

    it('parse() and toRow() check values with the zod schema', async () => {
      const scope = ctx.scope('sql-invalid');
      const sql = typed(ctx.database().sql);
      const note = await ctx.notes().create(noteInput(scope, { title: 'valid' }));
      // A raw write skips validation (title has min(1)); reading the row back says so.
      await sql.updateTable('conformance_note').set({ title: '' }).where('id', '=', note.id).execute();
      const row = await sql
        .selectFrom('conformance_note')
        .selectAll()
        .where('id', '=', note.id)
        .executeTakeFirstOrThrow();
      const parsed = await expectStowageError(
        Promise.resolve().then(() => sql.parse(ConformanceNote, row)),
        'VALIDATION',
      );
      expect(parsed.message).toContain('title');
      await expectStowageError(
        Promise.resolve().then(() => sql.toRow(ConformanceNote, { rank: 1.5 })),
        'VALIDATION',
      );
      await expectStowageError(
        Promise.resolve().then(() => sql.toRow(ConformanceNote, { title: 'nul \u0000 inside' })),
        'VALIDATION',
      );
    });

    it('a unique violation through the escape hatch is a ConflictError, inside and outside transactions', async () => {
      const scope = ctx.scope('sql-conflict');
      await ctx.notes().create(noteInput(scope, { title: 'taken' }));
      const sql = typed(ctx.database().sql);
      const conflict = await expectStowageError(
        sql
          .insertInto('conformance_note')
          .values(noteRow(sql, scope, 'taken'))
          .execute(),
        'CONFLICT',
      );
      expect(conflict.message).toMatch(/scope|title/);
      await expectStowageError(
        ctx.database().transaction(async (tx) => {
          const inner = typed(tx.sql);
          await inner
            .insertInto('conformance_note')
            .values(noteRow(inner, scope, 'taken'))
            .execute();
        }),
        'CONFLICT',
      );
      expect(await ctx.notes().count({ scope })).toBe(1);
    });

    it('binds hostile strings: stored and matched verbatim', async () => {
      const scope = ctx.scope('sql-hostile');
      const sql = typed(ctx.database().sql);
      for (const [index, text] of hostileStrings.entries()) {
        const row = { ...noteRow(sql, scope, `h${String(index).padStart(2, '0')}`), body: text };
        await sql.insertInto('conformance_note').values(row).execute();
        const found = await sql
          .selectFrom('conformance_note')
          .select((eb) => ['body', eb.val(text).as('echo')])
          .where('scope', '=', scope)
          .where('body', '=', text)
          .execute();
        expect(found).toEqual([{ body: text, echo: text }]);
      }
      const bodies = (await ctx.notes().find({ scope }, { orderBy: { title: 'asc' } })).map(
        (note) => note.body,
      );
      expect(bodies).toEqual([...hostileStrings]);
    });

    it('database.sql runs outside transactions: autocommitted, and sees committed repository writes', async () => {
      const scope = ctx.scope('sql-outside');
      const sql = typed(ctx.database().sql);
      const row = noteRow(sql, scope, 'raw');
      await sql.insertInto('conformance_note').values(row).execute();
      expect(await ctx.notes().getById(row.id)).toMatchObject({ title: 'raw', scope });
      await ctx.notes().update(row.id as string, { rank: 7 });
      const read = await sql
        .selectFrom('conformance_note')
        .select(['rank', 'version'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(read).toEqual({ rank: 7, version: 2 });
    });

    it('in a unit of work, tx.sql opens the transaction at its first statement, not before', async () => {
      const scope = ctx.scope('sql-lazy');
      const calls = { transactions: 0 };
      const stowage = stowageFrom({
        cache: createMemoryCache(),
        objects: createMemoryObjectStore(),
        database: counted(ctx.database(), calls),
      });
      await stowage.transaction(async (tx) => {
        const sql = typed(tx.sql);
        const insert = sql.insertInto('conformance_note').values(noteRow(sql, scope, 'lazy'));
        expect(calls.transactions).toBe(0); // built, not run: no connection held
        await insert.execute();
        expect(calls.transactions).toBe(1);
        // The same transaction: the repository sees the raw row.
        expect(await tx.repository(ConformanceNote).count({ scope })).toBe(1);
        expect(calls.transactions).toBe(1);
      });
      expect(await ctx.notes().count({ scope })).toBe(1);
      await expect(
        stowage.transaction(async (tx) => {
          const sql = typed(tx.sql);
          await sql
            .insertInto('conformance_note')
            .values(noteRow(sql, scope, 'rolled back'))
            .execute();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect((await ctx.notes().find({ scope })).map((note) => note.title)).toEqual(['lazy']);
      // stowage.sql is the database's, outside transactions.
      expect(await notesIn(typed(stowage.sql), scope)).toHaveLength(1);
    });

    it("refuses Kysely's own transactions and a transaction's sql after it ended", async () => {
      await expectStowageError(
        ctx
          .database()
          .sql.transaction()
          .execute(async () => undefined),
        'NOT_SUPPORTED',
      );
      let kept: Sql | undefined;
      await ctx.database().transaction(async (tx) => {
        kept = typed(tx.sql);
        await kept.selectFrom('conformance_note').select('id').limit(1).execute();
      });
      await expectStowageError(
        (kept as Sql).selectFrom('conformance_note').select('id').limit(1).execute(),
        'TRANSACTION_ENDED',
      );
      await expectStowageError(
        Promise.resolve().then(() => ctx.database().sql.for({ Note: ConformanceNote })),
        'CONFIG',
      );
    });

    it('types tables and columns from the entities (type-level)', () => {
      const whole = (sql: Sql) => sql.selectFrom('conformance_note').selectAll().executeTakeFirstOrThrow();
      type Row = Awaited<ReturnType<typeof whole>>;
      const titles = (sql: Sql) =>
        sql
          .selectFrom('conformance_note')
          .select(['title', 'big', 'done', 'due_at', 'tags'])
          .executeTakeFirstOrThrow();
      expectTypeOf<Awaited<ReturnType<typeof titles>>>().toEqualTypeOf<{
        title: string;
        // As any of the drivers returns them (Register's `driver` narrows these).
        big: string | number;
        done: boolean | number;
        due_at: string | number | null;
        tags: string[] | string;
      }>();
      const parsed = (sql: Sql, row: Row) => sql.parse(ConformanceNote, row);
      expectTypeOf<ReturnType<typeof parsed>>().toEqualTypeOf<ConformanceNoteEntity>();
      const picked = (sql: Sql) => sql.parse(ConformanceNote, { id: 'x', due_at: 1 });
      expectTypeOf<ReturnType<typeof picked>>().toEqualTypeOf<Pick<ConformanceNoteEntity, 'id' | 'dueAt'>>();
      expectTypeOf<ReturnType<typeof typed>>().not.toBeAny();
      // Never called: each line must fail to compile.
      const wrong = (sql: Sql, untyped: SqlAccess) => {
        // @ts-expect-error the table is conformance_note
        sql.selectFrom('conformance_notes');
        // @ts-expect-error the column is due_at (snake_case), not the field name
        sql.selectFrom('conformance_note').select('dueAt');
        // @ts-expect-error no such column
        sql.selectFrom('conformance_ledger').where('titel', '=', 'x');
        // @ts-expect-error rank is a number column
        sql.updateTable('conformance_note').set({ rank: 'high' });
        // @ts-expect-error unknown fields are refused by toRow
        sql.toRow(ConformanceNote, { nope: 1 });
        // @ts-expect-error nothing registered: no tables without for()
        untyped.selectFrom('conformance_note');
      };
      expect(typeof wrong).toBe('function');
      expectTypeOf<EntityOf<typeof ConformanceLedger>['amount']>().toEqualTypeOf<string>();
    });
  });
}
