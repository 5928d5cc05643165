import { defineEntity, isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeEntity } from './describe-entity.ts';

const schema = z.object({
  id: z.uuid(),
  title: z.string().max(200),
  body: z.string().nullable(),
  ref: z.uuid(),
});

describe('describeSearch', () => {
  it('names the index after the table and columns, in the order the definition lists them', () => {
    const model = describeEntity(
      defineEntity({ name: 'BlogPost', schema, search: { fields: ['body', 'title'] } }),
    );
    expect(model.search?.fields.map((field) => field.name)).toEqual(['body', 'title']);
    expect(model.search?.indexName).toBe('blog_post_body_title_search');
    expect(describeEntity(defineEntity({ name: 'BlogPost', schema })).search).toBeUndefined();
  });

  it('hashes the columns into a name that fits the identifier limit', () => {
    const long = z.object({
      id: z.uuid(),
      [`a${'x'.repeat(40)}`]: z.string(),
      [`b${'y'.repeat(40)}`]: z.string(),
    });
    const fields = Object.keys(long.shape).slice(1) as never;
    const name = describeEntity(defineEntity({ name: 'Article', schema: long, search: { fields } })).search
      ?.indexName;
    expect(name).toMatch(/^article_search_[0-9a-f]{8}$/);
  });

  it('refuses a string field whose column holds no words (a uuid)', () => {
    const definition = defineEntity({ name: 'Article', schema, search: { fields: ['ref'] } });
    let error: unknown;
    try {
      describeEntity(definition);
    } catch (caught) {
      error = caught;
    }
    expect(isStowageError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(/varchar or text column, not uuid/);
  });
});
