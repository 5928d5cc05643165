// The type-level SnakeCase (core's, which names the escape hatch's tables and columns) must agree
// with the runtime snakeCase that names them in the database, name for name.
import type { SnakeCase } from '@stowage/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { snakeCase } from '../entity/snake-case.ts';

const names = [
  'BlogPost',
  'createdAt',
  'line2Text',
  'HTTPServer',
  'userID',
  'a1B2C',
  'ABCDef',
  'already_snake',
  'x_Y',
  'v2',
  'oauth2Token',
  'IOStream',
  'getHTTPResponseCode',
  'A',
  '',
] as const;

describe('SnakeCase', () => {
  it('matches snakeCase() at run time for every name', () => {
    expect(names.map(snakeCase)).toEqual([
      'blog_post',
      'created_at',
      'line2_text',
      'httpserver',
      'user_id',
      'a1_b2_c',
      'abcdef',
      'already_snake',
      'x_y',
      'v2',
      'oauth2_token',
      'iostream',
      'get_httpresponse_code',
      'a',
      '',
    ]);
  });

  it('gives the same names at the type level', () => {
    expectTypeOf<SnakeCase<'BlogPost'>>().toEqualTypeOf<'blog_post'>();
    expectTypeOf<SnakeCase<'createdAt'>>().toEqualTypeOf<'created_at'>();
    expectTypeOf<SnakeCase<'line2Text'>>().toEqualTypeOf<'line2_text'>();
    expectTypeOf<SnakeCase<'HTTPServer'>>().toEqualTypeOf<'httpserver'>();
    expectTypeOf<SnakeCase<'userID'>>().toEqualTypeOf<'user_id'>();
    expectTypeOf<SnakeCase<'a1B2C'>>().toEqualTypeOf<'a1_b2_c'>();
    expectTypeOf<SnakeCase<'ABCDef'>>().toEqualTypeOf<'abcdef'>();
    expectTypeOf<SnakeCase<'already_snake'>>().toEqualTypeOf<'already_snake'>();
    expectTypeOf<SnakeCase<'x_Y'>>().toEqualTypeOf<'x_y'>();
    expectTypeOf<SnakeCase<'v2'>>().toEqualTypeOf<'v2'>();
    expectTypeOf<SnakeCase<'oauth2Token'>>().toEqualTypeOf<'oauth2_token'>();
    expectTypeOf<SnakeCase<'IOStream'>>().toEqualTypeOf<'iostream'>();
    expectTypeOf<SnakeCase<'getHTTPResponseCode'>>().toEqualTypeOf<'get_httpresponse_code'>();
    expectTypeOf<SnakeCase<'A'>>().toEqualTypeOf<'a'>();
    expectTypeOf<SnakeCase<''>>().toEqualTypeOf<''>();
    expectTypeOf<SnakeCase<string>>().toEqualTypeOf<string>();
  });
});
