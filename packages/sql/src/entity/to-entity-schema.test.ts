// A real round trip through MikroORM on in-memory SQLite: the generated schema, the types that
// come back, and the foreign key.
import { type EntitySchema, ForeignKeyConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { defineEntity } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkReferences } from './check-references.ts';
import { describeEntity } from './describe-entity.ts';
import { toEntitySchema } from './to-entity-schema.ts';

const User = defineEntity({
  name: 'AppUser',
  schema: z.object({ id: z.uuid(), email: z.string().max(200), handle: z.string().max(40) }),
  generated: 'uuid',
  indexes: [
    { fields: ['email'], unique: true },
    { fields: ['handle'], unique: true },
  ],
});

const Post = defineEntity({
  name: 'BlogPost',
  schema: z.object({
    id: z.int(),
    authorId: z.uuid(),
    editorId: z.uuid().nullable(),
    authorHandle: z.string().max(40).nullable(),
    title: z.string().max(120),
    body: z.string(),
    views: z.bigint(),
    price: z.string(),
    rating: z.number(),
    published: z.boolean(),
    day: z.date(),
    status: z.enum(['draft', 'live']),
    meta: z.object({ tags: z.array(z.string()) }),
    version: z.int(),
    createdAt: z.date(),
  }),
  generated: 'increment',
  version: 'version',
  timestamps: { createdAt: 'createdAt' },
  indexes: [{ fields: ['status', 'createdAt'] }, { fields: ['title'], unique: true }],
  columns: { price: { type: 'decimal', precision: 12, scale: 2 }, day: { type: 'date' } },
  references: {
    authorId: { entity: 'AppUser', onDelete: 'cascade' },
    editorId: { entity: 'AppUser', onDelete: 'set null' },
    authorHandle: { entity: 'AppUser', field: 'handle' },
  },
});

const USER_ID = '0190a3c4-7b1e-7a2b-9c3d-4e5f60718293';
const createdAt = new Date('2024-05-06T07:08:09.123Z');
const row = {
  authorId: USER_ID,
  editorId: USER_ID,
  authorHandle: null,
  title: 'Hello',
  body: 'x'.repeat(1000),
  views: 9_007_199_254_740_993n, // 2^53 + 1: a JS number would round it
  price: '12.34',
  rating: 4.5,
  published: true,
  day: new Date('2024-02-29T00:00:00.000Z'),
  status: 'live',
  meta: { tags: ['a', 'b'] },
  version: 1,
  createdAt,
};

describe('toEntitySchema on SQLite', () => {
  let orm: MikroORM;
  const models = [describeEntity(User), describeEntity(Post)];
  // MikroORM 7's EntityManager takes the schema objects, not entity names.
  const [AppUser, BlogPost] = models.map(toEntitySchema) as [EntitySchema, EntitySchema];

  beforeAll(async () => {
    checkReferences(models);
    orm = await SqliteORM.init({
      dbName: ':memory:',
      entities: [AppUser, BlogPost],
      allowGlobalContext: false,
    });
    await orm.schema.create();
    await orm.em.fork().insert(AppUser, { id: USER_ID, email: 'a@example.com', handle: 'ada' });
  });
  afterAll(() => orm.close(true));

  it('creates snake_case tables with explicit index and foreign key names', async () => {
    const sql = await orm.schema.getCreateSchemaSQL();
    expect(sql).toContain('create table `blog_post`');
    expect(sql).toContain('`id` integer not null primary key autoincrement');
    expect(sql).toContain('`author_handle` text null');
    expect(sql).toContain(
      'constraint `blog_post_author_id_foreign` foreign key (`author_id`) references `app_user` (`id`) on delete cascade',
    );
    expect(sql).toContain('foreign key (`editor_id`) references `app_user` (`id`) on delete set null');
    expect(sql).toContain(
      'foreign key (`author_handle`) references `app_user` (`handle`) on delete restrict',
    );
    expect(sql).toContain("check (`status` in ('draft', 'live'))");
    expect(sql).toContain(
      'create index `blog_post_status_created_at_idx` on `blog_post` (`status`, `created_at`)',
    );
    expect(sql).toContain('create unique index `blog_post_title_unique` on `blog_post` (`title`)');
    expect(sql).toContain('create unique index `app_user_email_unique`');
  });

  it('reads back every kind with its zod type', async () => {
    const id = await orm.em.fork().insert(BlogPost, row);
    const found = await orm.em.fork().findOneOrFail(BlogPost, { id });
    expect({ ...found }).toEqual({ ...row, id, price: expect.any(String), meta: { tags: ['a', 'b'] } });
    expect(found.createdAt).toBeInstanceOf(Date);
    expect((found.createdAt as Date).toISOString()).toBe('2024-05-06T07:08:09.123Z');
    expect(found.day).toBeInstanceOf(Date);
    expect((found.day as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(found.views).toBe(9_007_199_254_740_993n);
    expect(found.published).toBe(true);
    // SQLite has no exact decimal type: numeric affinity drops trailing zeros, the value stays.
    expect(typeof found.price).toBe('string');
    expect(Number(found.price)).toBe(12.34);
    expect(found.status).toBe('live');
    // Filters convert through the same types.
    const byDay = await orm.em
      .fork()
      .find(BlogPost, { day: new Date('2024-02-29T00:00:00.000Z'), views: row.views });
    expect(byDay).toHaveLength(1);
  });

  it('does not see unchanged dates, bigints or json as dirty on flush', async () => {
    const em = orm.em.fork();
    const post = await em.findOneOrFail(BlogPost, { title: 'Hello' });
    em.getUnitOfWork().computeChangeSets();
    expect(
      em
        .getUnitOfWork()
        .getChangeSets()
        .map((c) => c.payload),
    ).toEqual([]);
    post.day = new Date('2024-03-01T00:00:00.000Z');
    await em.flush();
    const again = await orm.em.fork().findOneOrFail(BlogPost, { title: 'Hello' });
    expect((again.day as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('enforces the foreign key (MikroORM turns SQLite foreign keys on)', async () => {
    const missing = { ...row, title: 'Orphan', authorId: '0190a3c4-0000-7000-8000-000000000000' };
    await expect(orm.em.fork().insert(BlogPost, missing)).rejects.toBeInstanceOf(
      ForeignKeyConstraintViolationException,
    );
    await expect(
      orm.em.fork().insert(BlogPost, { ...row, title: 'Bad handle', authorHandle: 'nobody' }),
    ).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException);
  });

  it('applies onDelete', async () => {
    const em = orm.em.fork();
    const other = '0190a3c4-1111-7000-8000-000000000000';
    await em.insert(AppUser, { id: other, email: 'b@example.com', handle: 'bob' });
    await em.insert(BlogPost, { ...row, title: 'Edited', editorId: other });
    await em.insert(BlogPost, { ...row, title: 'Owned', authorId: other, editorId: null });
    await em.nativeDelete(AppUser, { id: other });
    const fresh = orm.em.fork();
    expect(await fresh.findOne(BlogPost, { title: 'Owned' })).toBeNull();
    expect(await fresh.findOneOrFail(BlogPost, { title: 'Edited' })).toMatchObject({ editorId: null });
  });
});

describe('checkReferences', () => {
  const users = describeEntity(User);
  const refer = (reference: object, type: z.ZodType = z.uuid()) =>
    describeEntity(
      defineEntity({
        name: 'Comment',
        schema: z.object({ id: z.int(), userId: type }),
        references: { userId: reference },
      } as never),
    );

  it('names the entity and field of a reference that cannot work', () => {
    expect(() => checkReferences([refer({ entity: 'Ghost' })])).toThrow(
      /^Comment\.userId: references entity "Ghost", which is not registered/,
    );
    expect(() => checkReferences([users, refer({ entity: 'AppUser', field: 'nope' })])).toThrow(
      /AppUser\.nope, which is not a field/,
    );
    expect(() =>
      checkReferences([users, refer({ entity: 'AppUser', field: 'handle' }, z.string().max(40))]),
    ).not.toThrow();
    const loose = describeEntity({ ...User, indexes: [] } as typeof User);
    expect(() =>
      checkReferences([loose, refer({ entity: 'AppUser', field: 'handle' }, z.string().max(40))]),
    ).toThrow(/neither the key nor unique/);
    expect(() => checkReferences([users, refer({ entity: 'AppUser' }, z.int())])).toThrow(
      /Comment\.userId: is integer but AppUser\.id is uuid/,
    );
    expect(() => checkReferences([users, refer({ entity: 'AppUser' })])).not.toThrow();
  });
});
