// Type tests of the escape hatch's database type: what Register gives `tx.sql`, and how each
// driver's value forms reach the columns. (An application's augmentation, made here on the
// contract module itself; nothing else in core reads Register.)
import type { Insertable, Selectable, Updateable } from 'kysely';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineEntity } from '../entity/define-entity.ts';
import type { RegisteredTables, SqlAccess, SqlColumns, SqlTables } from './sql-access.ts';

const BlogPost = defineEntity({
  name: 'BlogPost',
  schema: z.object({
    id: z.number().int(),
    line2Text: z.string(),
    publishedAt: z.date().nullable(),
    flags: z.object({ pinned: z.boolean() }),
    isDraft: z.boolean(),
    views: z.bigint(),
    note: z.string().optional(),
    kind: z.enum(['post', 'page']),
  }),
  generated: 'increment',
});
const HTTPLog = defineEntity({ name: 'HTTPLog', schema: z.object({ id: z.uuid(), statusCode: z.number() }) });
const entities = { BlogPost, HTTPLog };

declare module './sql-access.ts' {
  interface Register {
    entities: typeof entities;
    driver: 'sqlite';
  }
}

describe('SqlAccess types', () => {
  it('names tables and columns as snake_case of entity and field names', () => {
    expectTypeOf<keyof RegisteredTables>().toEqualTypeOf<'blog_post' | 'httplog'>();
    expectTypeOf<keyof RegisteredTables['blog_post']>().toEqualTypeOf<
      'id' | 'line2_text' | 'published_at' | 'flags' | 'is_draft' | 'views' | 'note' | 'kind'
    >();
  });

  it("reads columns as the registered driver returns them (SQLite's here)", () => {
    expectTypeOf<Selectable<RegisteredTables['blog_post']>>().toEqualTypeOf<{
      id: number;
      line2_text: string;
      published_at: number | string | null;
      flags: string;
      is_draft: number;
      views: number | string;
      note: string | null;
      kind: 'post' | 'page';
    }>();
    expectTypeOf<Selectable<SqlColumns<typeof BlogPost, 'postgres'>>>().toEqualTypeOf<{
      id: number;
      line2_text: string;
      published_at: string | null;
      flags: { pinned: boolean };
      is_draft: boolean;
      views: string;
      note: string | null;
      kind: 'post' | 'page';
    }>();
  });

  it('writes the entity forms too; what create() may omit is optional in an insert', () => {
    type Insert = Insertable<RegisteredTables['blog_post']>;
    expectTypeOf<Insert['published_at']>().toEqualTypeOf<Date | number | string | null | undefined>();
    expectTypeOf<Insert['is_draft']>().toEqualTypeOf<boolean | number>();
    expectTypeOf<Insert['flags']>().toEqualTypeOf<string>(); // JSON as its text
    expectTypeOf<Insert['views']>().toEqualTypeOf<bigint | number | string>();
    expectTypeOf<{
      line2_text: string;
      flags: string;
      is_draft: true;
      views: 1n;
      kind: 'post';
    }>().toExtend<Insert>();
    expectTypeOf<Updateable<RegisteredTables['blog_post']>['is_draft']>().toEqualTypeOf<
      boolean | number | undefined
    >();
    expectTypeOf<keyof SqlTables<{ HTTPLog: typeof HTTPLog }, 'mysql'>>().toEqualTypeOf<'httplog'>();
  });

  it('types the default SqlAccess from Register', () => {
    const queries = (sql: SqlAccess) => {
      sql.selectFrom('blog_post').select(['line2_text', 'is_draft']);
      // @ts-expect-error the table is blog_post
      sql.selectFrom('BlogPost');
      // @ts-expect-error the column is line2_text
      sql.selectFrom('blog_post').select('line2Text');
      // @ts-expect-error a JSON column is written as its text
      sql.updateTable('blog_post').set({ flags: { pinned: true } });
    };
    const parsed = (sql: SqlAccess) => sql.parse(BlogPost, { id: 1, line2_text: 'x' });
    expectTypeOf<ReturnType<typeof parsed>>().toEqualTypeOf<{ id: number; line2Text: string }>();
    const row = (sql: SqlAccess) => sql.toRow(BlogPost, { isDraft: true, line2Text: 'x' });
    expectTypeOf<ReturnType<typeof row>>().toEqualTypeOf<{
      is_draft: boolean | number;
      line2_text: string;
    }>();
    expect(typeof queries).toBe('function');
  });
});
