import { describe, expect, it } from 'vitest';
import type { SearchSchema } from '../dialect/search-sql.ts';
import { withSearchObjects } from './search-migration.ts';
import type { SearchIndexSchema } from './search-schema.ts';

const trigger = (name: string) => ({
  name,
  event: 'insert' as const,
  sql: `create trigger ${name} after insert on t for each row begin select 1; end`,
  drop: `drop trigger if exists ${name}`,
});

const schema: SearchSchema = {
  triggers: [trigger('t_ai'), trigger('t_ad')],
  extra: {
    tables: ['t_search'],
    probe: 'select 1',
    upToDate: () => true,
    create: ['create fts t_search'],
    fill: ['fill t_search'],
    drop: ['drop t_search'],
  },
};
const indexes = [{ target: {} as never, schema }] as SearchIndexSchema[];

describe('withSearchObjects', () => {
  it('creates the extra objects before the triggers that feed them, fills them last, drops them in down', () => {
    const diff = {
      up: [
        'create table t (…);',
        `${trigger('t_ai').sql};`,
        `${trigger('t_ad').sql};`,
        'create index x on y (z);',
      ],
      down: ['drop table if exists t;'],
    };
    expect(withSearchObjects(diff, indexes)).toEqual({
      up: [
        'create table t (…);',
        'create fts t_search',
        `${trigger('t_ai').sql};`,
        `${trigger('t_ad').sql};`,
        'create index x on y (z);',
        'fill t_search',
      ],
      down: ['drop table if exists t;', 'drop t_search'],
    });
  });

  it('leaves a migration that does not create the triggers as it is', () => {
    const diff = { up: ['alter table t add column c int;'], down: ['alter table t drop column c;'] };
    expect(withSearchObjects(diff, indexes)).toEqual(diff);
    expect(
      withSearchObjects(diff, [{ target: {} as never, schema: { index: { kind: 'fulltext' } } }]),
    ).toEqual(diff);
  });
});
