// Repository traces on `stowage:repository` and statements on `stowage:sql-statement`, from a
// real SQLite database: one trace per call with entity, table, operation and rows; inTransaction
// inside a unit of work; a failed call's error is the typed error; a stream is one trace over all
// its batches; statement texts are parameterised — the hostile value is bound, never in a text.
import {
  recordTraces,
  repositoryChannel,
  type SqlStatementMessage,
  sqlStatementChannel,
} from '@stowage/core/diagnostics';
import { ConformanceNote, noteInput, repositoryConformanceEntities } from '@stowage/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './test-database.test-support.ts';

let stop: (() => void) | undefined;

/** Records repository traces and statement texts until the test ends (or stop()). */
function record() {
  const traces = recordTraces(repositoryChannel);
  const statements: string[] = [];
  const onStatement = (message: unknown) => statements.push((message as SqlStatementMessage).query);
  sqlStatementChannel.subscribe(onStatement);
  stop = () => {
    traces.stop();
    sqlStatementChannel.unsubscribe(onStatement);
  };
  return { ended: traces.ended, failed: traces.failed, statements };
}

describe('repository traces on SQLite', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  beforeAll(async () => {
    database = await scratch.open(repositoryConformanceEntities);
  });
  afterEach(() => {
    stop?.();
    stop = undefined;
  });
  afterAll(() => database?.close());

  it('traces each call with entity, table, operation and rows', async () => {
    const notes = database.repository(ConformanceNote);
    const scope = 'trace-calls';
    const { ended } = record();
    const [a] = await notes.createMany([noteInput(scope, { title: 'a' }), noteInput(scope, { title: 'b' })]);
    await notes.find({ scope });
    await notes.findById(a?.id as string);
    await notes.findById('00000000-0000-4000-8000-000000000000');
    await notes.count({ scope });
    await notes.update(a?.id as string, { rank: 2 });
    expect(ended.map((c) => [c.operation, c.rows])).toEqual([
      ['createMany', 2],
      ['find', 2],
      ['findById', 1],
      ['findById', 0],
      ['count', undefined],
      ['update', 1],
    ]);
    for (const context of ended) {
      expect(context).toMatchObject({
        system: 'sqlite',
        entity: 'ConformanceNote',
        collection: 'conformance_note',
        inTransaction: false,
      });
    }
  });

  it('marks calls inside a unit of work, and gives a failed call its typed error', async () => {
    const scope = 'trace-tx';
    const { ended, failed } = record();
    await database.transaction(async (tx) => {
      await tx.repository(ConformanceNote).create(noteInput(scope));
    });
    const refused = await database
      .repository(ConformanceNote)
      .create(noteInput(scope, { title: '' }))
      .catch((error: unknown) => error);
    expect(ended.map((c) => [c.operation, c.inTransaction])).toEqual([
      ['create', true],
      ['create', false],
    ]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toBe(refused);
    expect((refused as { code?: string }).code).toBe('VALIDATION');
  });

  it('traces a stream once over all its batches, counting its rows', async () => {
    const notes = database.repository(ConformanceNote);
    const scope = 'trace-stream';
    await notes.createMany(Array.from({ length: 25 }, (_, i) => noteInput(scope, { title: `n${i}` })));
    const { ended } = record();
    let seen = 0;
    for await (const _ of notes.stream({ scope }, { batchSize: 10 })) seen += 1;
    expect(seen).toBe(25);
    expect(ended.map((c) => [c.operation, c.rows])).toEqual([['stream', 25]]);
  });

  it('publishes statement texts with placeholders, never the values', async () => {
    const notes = database.repository(ConformanceNote);
    const hostile = "x' OR 1=1 -- trace";
    const { statements } = record();
    await notes.create(noteInput('trace-sql', { title: hostile }));
    await notes.find({ scope: 'trace-sql', title: hostile });
    expect(statements.length).toBeGreaterThanOrEqual(2);
    expect(statements.some((text) => /select/i.test(text) && text.includes('?'))).toBe(true);
    expect(statements.some((text) => text.includes(hostile) || text.includes('trace-sql'))).toBe(false);
  });

  it('publishes tx.sql statements too, parameterised, with no entity', async () => {
    const hostile = "y' OR 1=1 -- raw";
    const messages: SqlStatementMessage[] = [];
    const onStatement = (message: unknown) => messages.push(message as SqlStatementMessage);
    sqlStatementChannel.subscribe(onStatement);
    try {
      const sql = database.sql.for({ ConformanceNote });
      await sql.selectFrom('conformance_note').select('id').where('title', '=', hostile).execute();
    } finally {
      sqlStatementChannel.unsubscribe(onStatement);
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ system: 'sqlite', entity: undefined });
    expect(messages[0]?.query).toContain('?');
    expect(messages[0]?.query).not.toContain(hostile);
  });

  it('publishes nothing once unsubscribed', async () => {
    const { ended, statements } = record();
    stop?.();
    stop = undefined;
    expect(repositoryChannel.hasSubscribers).toBe(false);
    await database.repository(ConformanceNote).count({ scope: 'trace-none' });
    expect(ended).toEqual([]);
    expect(statements).toEqual([]);
  });
});
