import { type ConfigError, defineEntity, type EntityOf, isStowageError } from '@stowage/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { describeEntity } from './describe-entity.ts';

const everySchema = z.object({
  id: z.uuid(),
  title: z.string().min(1).max(120),
  body: z.string(),
  long: z.string().max(1000),
  code: z.string().max(500),
  ref: z.string().uuid(),
  count: z.number().int(),
  small: z.int32(),
  ratio: z.number(),
  big: z.bigint(),
  price: z.string(),
  done: z.boolean().default(false),
  day: z.date(),
  seenAt: z.date().nullable(),
  status: z.enum(['draft', 'published']),
  kind: z.union([z.literal('a'), z.literal('b')]),
  meta: z.object({ tags: z.array(z.string()) }).optional(),
  list: z.array(z.number()),
  map: z.record(z.string(), z.boolean()),
  either: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]),
  note: z.string().max(10).nullable().optional().default(null),
  maybe: z.union([z.number(), z.null()]),
  coerced: z.string().pipe(z.coerce.number()),
  authorId: z.uuid().nullable(),
  version: z.int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const Every = defineEntity({
  name: 'EveryKind',
  schema: everySchema,
  generated: 'uuid',
  version: 'version',
  timestamps: { createdAt: 'createdAt', updatedAt: 'updatedAt' },
  indexes: [
    { fields: ['title'], unique: true },
    { fields: ['status', 'createdAt'] },
    { fields: ['code'], name: 'by_code' },
  ],
  columns: {
    price: { type: 'decimal', precision: 12, scale: 2 },
    day: { type: 'date' },
    long: { type: 'text' },
    code: { length: 500 },
  },
  references: { authorId: { entity: 'User', onDelete: 'set null' } },
});

describe('describeEntity', () => {
  const model = describeEntity(Every);
  const field = (name: string) => {
    const found = model.fields.get(name);
    if (!found) throw new Error(`no field ${name}`);
    return found;
  };

  it('names the table and columns in snake_case', () => {
    expect(model.tableName).toBe('every_kind');
    expect(field('seenAt').column).toBe('seen_at');
    expect(
      describeEntity(defineEntity({ name: 'BlogPost', schema: z.object({ id: z.int() }) })).tableName,
    ).toBe('blog_post');
  });

  it('gives every field its kind', () => {
    const kinds = Object.fromEntries([...model.fields.values()].map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      id: 'uuid',
      title: 'string',
      body: 'text',
      long: 'text',
      code: 'string',
      ref: 'uuid',
      count: 'integer',
      small: 'integer',
      ratio: 'float',
      big: 'bigint',
      price: 'decimal',
      done: 'boolean',
      day: 'date',
      seenAt: 'datetime',
      status: 'enum',
      kind: 'enum',
      meta: 'json',
      list: 'json',
      map: 'json',
      either: 'json',
      note: 'string',
      maybe: 'float',
      coerced: 'float',
      authorId: 'uuid',
      version: 'integer',
      createdAt: 'datetime',
      updatedAt: 'datetime',
    });
  });

  it('records lengths, enum values and decimal digits', () => {
    expect(field('title').maxLength).toBe(120);
    expect(field('code').maxLength).toBe(500);
    expect(field('body').maxLength).toBeUndefined();
    expect(field('status').enumValues).toEqual(['draft', 'published']);
    expect(field('kind').enumValues).toEqual(['a', 'b']);
    expect(field('price')).toMatchObject({ precision: 12, scale: 2 });
  });

  it('unwraps optional, nullable and default, keeping the bare schema as base', () => {
    expect(field('note')).toMatchObject({ nullable: true, optional: true, hasDefault: true });
    expect(field('note').base.safeParse('x'.repeat(10)).success).toBe(true);
    expect(field('note').base.safeParse(null).success).toBe(false);
    expect(field('done')).toMatchObject({ nullable: false, optional: true, hasDefault: true });
    expect(field('meta')).toMatchObject({ nullable: false, optional: true, hasDefault: false });
    expect(field('seenAt')).toMatchObject({ nullable: true, optional: false, hasDefault: false });
    expect(field('maybe')).toMatchObject({ nullable: true, optional: false });
    expect(field('title')).toMatchObject({ nullable: false, optional: false, hasDefault: false });
    expect(field('coerced').base.safeParse(1.5).success).toBe(true);
  });

  it('marks key, generation, version, timestamps and references', () => {
    expect(model.primaryKey).toBe(field('id'));
    expect(field('id')).toMatchObject({ primary: true, generated: 'uuid' });
    expect(field('title')).toMatchObject({ primary: false, generated: undefined, version: false });
    expect(field('version').version).toBe(true);
    expect(field('createdAt').timestamp).toBe('created');
    expect(field('updatedAt').timestamp).toBe('updated');
    expect(field('authorId').reference).toEqual({
      entity: 'User',
      field: undefined,
      onDelete: 'set null',
      constraint: 'every_kind_author_id_foreign',
    });
    const counter = defineEntity({
      name: 'Counter',
      schema: z.object({ id: z.int() }),
      generated: 'increment',
    });
    expect(describeEntity(counter).primaryKey).toMatchObject({ kind: 'integer', generated: 'increment' });
  });

  it('names indexes after table and columns unless they have a name', () => {
    expect(model.indexes).toEqual([
      { name: 'every_kind_title_unique', fields: ['title'], columns: ['title'], unique: true },
      {
        name: 'every_kind_status_created_at_idx',
        fields: ['status', 'createdAt'],
        columns: ['status', 'created_at'],
        unique: false,
      },
      { name: 'by_code', fields: ['code'], columns: ['code'], unique: false },
    ]);
  });

  it('keeps EntityOf equal to the zod output when columns and references are used (type-level)', () => {
    expectTypeOf<EntityOf<typeof Every>>().toEqualTypeOf<z.output<typeof everySchema>>();
  });
});

describe('describeEntity rejects what a column cannot hold', () => {
  const problem = (shape: z.ZodRawShape, options: Record<string, unknown> = {}) => {
    try {
      describeEntity(
        defineEntity({ name: 'Thing', schema: z.object({ id: z.int(), ...shape }), ...options }),
      );
    } catch (error) {
      if (isStowageError(error, 'CONFIG'))
        return `${error.message} [${String((error as ConfigError).variable)}]`;
      throw error;
    }
    return 'no error';
  };

  it('refuses unstorable zod types, naming entity and field', () => {
    expect(problem({ fn: z.function() })).toMatch(
      /^Thing\.fn: function values cannot be stored.*\[Thing\.fn\]$/,
    );
    expect(problem({ sym: z.symbol() })).toMatch(/Thing\.sym: symbol/);
    expect(problem({ map: z.map(z.string(), z.string()) })).toMatch(/Thing\.map: map/);
    expect(problem({ set: z.set(z.string()) })).toMatch(/Thing\.set: set/);
    expect(problem({ later: z.promise(z.string()) })).toMatch(/Thing\.later: promise/);
    expect(problem({ len: z.string().transform((s) => s.length) })).toMatch(/Thing\.len: pipe values/);
    expect(problem({ buf: z.instanceof(Uint8Array) })).toMatch(/Thing\.buf: custom/);
    expect(problem({ at: z.object({ when: z.date() }) })).toMatch(
      /Thing\.at: stored as JSON, but it contains a z\.date\(\)/,
    );
    expect(problem({ n: z.array(z.bigint()) })).toMatch(/Thing\.n: .*z\.bigint\(\)/);
    expect(problem({ mixed: z.literal([1, 'a']) })).toMatch(/do not share one column type/);
  });

  it('refuses column options that do not fit the zod type', () => {
    expect(problem({ n: z.number() }, { columns: { n: { type: 'decimal', precision: 5 } } })).toMatch(
      /^Thing\.n: columns\.type 'decimal' needs a z\.string\(\) field, not number/,
    );
    expect(problem({ s: z.string() }, { columns: { s: { type: 'date' } } })).toMatch(
      /Thing\.s: columns\.type 'date' needs a z\.date\(\) field, not string/,
    );
    expect(problem({ d: z.date() }, { columns: { d: { type: 'text' } } })).toMatch(
      /Thing\.d: .*'text' needs a z\.string/,
    );
    expect(problem({ b: z.boolean() }, { columns: { b: { length: 3 } } })).toMatch(
      /Thing\.b: columns\.length needs/,
    );
    expect(problem({ s: z.string().max(50) }, { columns: { s: { length: 20 } } })).toMatch(
      /shorter than the schema's max\(50\)/,
    );
  });

  it('refuses keys, versions, timestamps and references of the wrong kind', () => {
    const schema = (id: z.ZodType) => ({ schema: z.object({ id }) });
    const define = (options: object) => () =>
      describeEntity(defineEntity({ name: 'Thing', ...options } as never));
    expect(define({ ...schema(z.string()), generated: 'uuid' })).toThrow(
      /Thing\.id: generated 'uuid' needs a z\.uuid\(\) key/,
    );
    expect(define({ ...schema(z.uuid()), generated: 'increment' })).toThrow(
      /generated 'increment' needs an integer key/,
    );
    expect(define(schema(z.int().nullable()))).toThrow(/Thing\.id: a primary key cannot be nullable/);
    expect(problem({ v: z.number() }, { version: 'v' })).toMatch(
      /Thing\.v: a version field must be z\.int\(\), not float/,
    );
    expect(problem({ at: z.string() }, { timestamps: { createdAt: 'at' } })).toMatch(
      /Thing\.at: a timestamp field must be z\.date\(\)/,
    );
    expect(
      problem({ ownerId: z.int() }, { references: { ownerId: { entity: 'Owner', onDelete: 'set null' } } }),
    ).toMatch(/Thing\.ownerId: onDelete 'set null' needs a \.nullable\(\) field/);
    expect(problem({}, { references: { id: { entity: 'Owner' } } })).toMatch(
      /Thing\.id: a primary key cannot also be a reference/,
    );
    expect(
      problem({ [`f${'x'.repeat(60)}`]: z.int() }, { indexes: [{ fields: [`f${'x'.repeat(60)}`] }] }),
    ).toMatch(/^Thing: the name thing_fx+_idx is longer than 63 characters; give the index a shorter name/);
  });
});
