import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Repository } from '../contracts/repository.ts';
import type { RepositoryOf } from '../contracts/unit-of-work.ts';
import type { ConfigError, ValidationError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { type CreateInputOf, defineEntity, type EntityOf, type EntityOptions } from './define-entity.ts';

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

  it('keeps column and reference options, frozen, and defaults them to empty', () => {
    const Post = defineEntity({
      name: 'Post',
      schema: z.object({ id: z.number().int(), authorId: z.uuid(), price: z.string(), day: z.date() }),
      columns: { price: { type: 'decimal', precision: 12, scale: 2 }, day: { type: 'date' } },
      references: { authorId: { entity: 'User', onDelete: 'cascade' } },
    });
    expect(Post.columns).toEqual({
      price: { type: 'decimal', precision: 12, scale: 2 },
      day: { type: 'date' },
    });
    expect(Post.references).toEqual({ authorId: { entity: 'User', onDelete: 'cascade' } });
    expect(Object.isFrozen(Post.columns) && Object.isFrozen(Post.references.authorId)).toBe(true);
    expect(Note.columns).toEqual({});
    expect(Note.references).toEqual({});
    // The options do not change validation: the zod schema stays the only validator.
    expect(
      Post.parse({
        id: 1,
        authorId: '0190a3c4-7b1e-7a2b-9c3d-4e5f60718293',
        price: '1.50',
        day: new Date(0),
      }),
    ).toMatchObject({ price: '1.50' });
  });

  it('rejects column and reference options that name missing fields or make no sense', () => {
    const schema = z.object({ id: z.number(), price: z.string(), ownerId: z.number() });
    type Options = Pick<EntityOptions<typeof schema.shape>, 'columns' | 'references'>;
    const define = (options: Options) => () => defineEntity({ name: 'Item', schema, ...options });
    const configError = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (isStowageError(error, 'CONFIG')) return error as ConfigError;
        throw error;
      }
      throw new Error('expected a ConfigError');
    };

    const missing = configError(define({ columns: { nope: { type: 'text' } } as never }));
    expect(missing.message).toMatch(/defineEntity\("Item"\): columns field "nope" is not in the schema/);
    expect(missing.variable).toBe('Item.columns');
    expect(define({ references: { nope: { entity: 'Owner' } } as never })).toThrow(/references field "nope"/);

    expect(define({ columns: { price: { type: 'decimal' } } })).toThrow(
      /columns\.price: a decimal needs precision/,
    );
    expect(define({ columns: { price: { type: 'decimal', precision: 0 } } })).toThrow(/needs precision/);
    expect(define({ columns: { price: { type: 'decimal', precision: 4, scale: 5 } } })).toThrow(
      /scale must be/,
    );
    expect(define({ columns: { price: { precision: 4 } } })).toThrow(
      /precision and scale need type 'decimal'/,
    );
    expect(define({ columns: { price: { type: 'money' as 'text' } } })).toThrow(/type must be one of/);
    expect(define({ columns: { price: { length: 0 } } })).toThrow(/length must be a positive integer/);
    expect(define({ columns: { price: { type: 'text', length: 10 } } })).toThrow(/length applies to varchar/);
    expect(configError(define({ columns: { price: { type: 'decimal' } } })).variable).toBe(
      'Item.columns.price',
    );

    expect(define({ references: { ownerId: { entity: 'no such' } } })).toThrow(
      /references\.ownerId: entity must be/,
    );
    expect(define({ references: { ownerId: { entity: 'Owner', field: '' } } })).toThrow(/field must be/);
    expect(
      define({ references: { ownerId: { entity: 'Owner', onDelete: 'nullify' as 'cascade' } } }),
    ).toThrow(/onDelete must be one of restrict, cascade, set null/);
    expect(define({ references: { ownerId: undefined }, columns: { price: undefined } })()).toMatchObject({
      columns: {},
      references: {},
    });
  });

  it('keeps a search declaration of string fields, frozen, and rejects any other', () => {
    const schema = z.object({
      id: z.number(),
      title: z.string().max(200),
      body: z.string().nullable().default(null),
      email: z.email(),
      rank: z.number(),
    });
    const Article = defineEntity({ name: 'Article', schema, search: { fields: ['title', 'body', 'email'] } });
    expect(Article.search).toEqual({ fields: ['title', 'body', 'email'] });
    expect(Object.isFrozen(Article.search) && Object.isFrozen(Article.search?.fields)).toBe(true);
    expect(Note.search).toBeUndefined();

    const define = (fields: readonly string[]) => () =>
      defineEntity({ name: 'Article', schema, search: { fields: fields as ['title'] } });
    const variableOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (isStowageError(error, 'CONFIG')) return [error.message, (error as ConfigError).variable];
        throw error;
      }
      throw new Error('expected a ConfigError');
    };
    expect(variableOf(define(['rank']))).toEqual([
      'defineEntity("Article"): search field "rank" must be a z.string() field, not number',
      'Article.search.rank',
    ]);
    expect(variableOf(define(['nope']))).toEqual([
      expect.stringMatching(/search field "nope" is not in the schema/),
      'Article.search',
    ]);
    expect(variableOf(define(['title', 'title']))[0]).toMatch(/search field "title" is named twice/);
    expect(variableOf(define([]))[0]).toMatch(/search.fields must be a non-empty list/);
    expect(variableOf(define('title' as never))[0]).toMatch(/search.fields must be a non-empty list/);
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

  it('infers the same types when columns and references are given (type-level)', () => {
    const postSchema = z.object({
      id: z.number().int(),
      authorId: z.uuid().nullable(),
      price: z.string(),
      day: z.date(),
    });
    const Post = defineEntity({
      name: 'Post',
      schema: postSchema,
      generated: 'increment',
      columns: { price: { type: 'decimal', precision: 12, scale: 2 }, day: { type: 'date' } },
      references: { authorId: { entity: 'User', onDelete: 'set null' } },
    });
    expectTypeOf<EntityOf<typeof Post>>().toEqualTypeOf<z.output<typeof postSchema>>();
    expectTypeOf<CreateInputOf<typeof Post>>().toEqualTypeOf<{
      authorId: string | null;
      price: string;
      day: Date;
      id?: number;
    }>();
    // Unknown fields in the per-field maps are compile errors too.
    expect(() =>
      defineEntity({
        name: 'Post',
        schema: postSchema,
        // @ts-expect-error nope is not a field
        columns: { nope: { type: 'text' } },
      }),
    ).toThrow(/nope/);
  });
});
