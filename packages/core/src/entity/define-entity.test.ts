import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Repository } from '../contracts/repository.ts';
import type { RepositoryOf } from '../contracts/unit-of-work.ts';
import type { ValidationError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { type CreateInputOf, defineEntity, type EntityOf } from './define-entity.ts';

const noteSchema = z.object({
  id: z.uuid(),
  title: z.string().min(1).max(200),
  body: z.string().default(''),
  tags: z.array(z.string()),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const Note = defineEntity({
  name: 'Note',
  schema: noteSchema,
  generated: 'uuid',
  version: 'version',
  timestamps: { createdAt: 'createdAt', updatedAt: 'updatedAt' },
  indexes: [{ fields: ['title'], unique: true }],
});

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (isStowageError(error, 'VALIDATION')) return error as ValidationError;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('defineEntity', () => {
  it('validates a whole entity and lists every bad field path', () => {
    const error = validationError(() => Note.parse({ id: 'nope', title: '', tags: ['a', 2], version: 1.5 }));
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'createdAt',
      'id',
      'tags.1',
      'title',
      'updatedAt',
      'version',
    ]);
    expect(error.message).toMatch(/^Invalid Note: /);
  });

  it('lets create() omit the generated key, version and timestamps, and applies defaults', () => {
    const input = Note.parseCreate({ title: 'Hello', tags: [] });
    expect(input).toEqual({ title: 'Hello', body: '', tags: [] });
    expect(validationError(() => Note.parseCreate({ tags: [] })).issues.map((i) => i.path)).toEqual([
      'title',
    ]);
  });

  it('validates a patch field by field', () => {
    expect(Note.parsePatch({ title: 'New' })).toEqual({ title: 'New' });
    expect(validationError(() => Note.parsePatch({ titel: 'typo' })).issues[0]?.message).toMatch(/titel/);
    expect(
      validationError(() => Note.parseCreate({ title: 'x', tags: [], extra: 1 })).issues[0]?.message,
    ).toMatch(/extra/);
    expect(validationError(() => Note.parsePatch({ title: 'x'.repeat(201) })).issues[0]?.path).toBe('title');
  });

  it('stores SQL-looking strings verbatim (validation is not escaping)', () => {
    const title = "'); DROP TABLE notes; --";
    expect(Note.parseCreate({ title, tags: [] }).title).toBe(title);
  });

  it('rejects definitions that name fields the schema lacks', () => {
    const schema = z.object({ id: z.number() });
    expect(() => defineEntity({ name: 'A', schema, indexes: [{ fields: ['nope' as 'id'] }] })).toThrow(
      /index field "nope"/,
    );
    expect(() => defineEntity({ name: 'A', schema, version: 'v' as 'id' })).toThrow(/version field "v"/);
    expect(() => defineEntity({ name: 'A', schema: z.object({ key: z.string() }) })).toThrow(
      /primaryKey field "id"/,
    );
    expect(() => defineEntity({ name: 'bad name', schema })).toThrow(/identifier/);
    expect(() => defineEntity({ name: 'A', schema, cache: { ttl: 0 } })).toThrow(/cache.ttl/);
  });

  it('infers the entity and create types from zod (type-level)', () => {
    type Note = EntityOf<typeof Note>;
    expectTypeOf<Note>().toEqualTypeOf<{
      id: string;
      title: string;
      body: string;
      tags: string[];
      version: number;
      createdAt: Date;
      updatedAt: Date;
    }>();
    expectTypeOf<CreateInputOf<typeof Note>>().toEqualTypeOf<{
      title: string;
      body?: string | undefined;
      tags: string[];
      id?: string;
      version?: number;
      createdAt?: Date;
      updatedAt?: Date;
    }>();
    // A repository of the definition returns exactly the zod-inferred type.
    expectTypeOf<RepositoryOf<typeof Note>>().toEqualTypeOf<Repository<Note, CreateInputOf<typeof Note>>>();
    expectTypeOf<Awaited<ReturnType<RepositoryOf<typeof Note>['getById']>>>().toEqualTypeOf<
      z.output<typeof noteSchema>
    >();
  });
});
