// The search behind boundValuesConformance: it must find a value formatted into SQL text however
// the dialect spelled the literal, and must not flag placeholders, identifiers or short values.
import { describe, expect, it } from 'vitest';
import { createSqlTextRecorder } from './sql-text-recorder.ts';
import { describeValuesInSqlText, findValuesInSqlText, spellingsOf } from './values-in-sql-text.ts';

const found = (texts: string[], values: string[]) =>
  findValuesInSqlText(texts, values).map(({ value, text }) => [value, text]);

describe('findValuesInSqlText', () => {
  it.each([
    ['as is', 'rc-1234-scope', "select * from t where scope = 'rc-1234-scope'"],
    ['with quotes doubled (standard SQL)', "it's here", "update t set a = 'it''s here'"],
    ['with backslash escapes (MySQL)', 'a\'b\\c "d"', "insert into t values ('a\\'b\\\\c \\\"d\\\"')"],
    ['as an E literal (PostgreSQL)', "back\\slash 'q'", "select E'back\\\\slash ''q'''"],
    ['inside a JSON literal', 'say "hi" now', `insert into t values ('["say \\"hi\\" now"]')`],
    [
      'inside a JSON literal, MySQL-escaped',
      'say "hi" now',
      `insert into t values ('[\\"say \\\\\\"hi\\\\\\" now\\"]')`,
    ],
    ['a word as a quoted literal', 'alpha', "select * from t where title = 'alpha'"],
    [
      'a uuid',
      '6f1c2a4e-8b3d-4c5e-9f60-718293a4b5c6',
      'delete from t where id = 6f1c2a4e-8b3d-4c5e-9f60-718293a4b5c6',
    ],
  ])('finds a value %s', (_label, value, text) => {
    expect(found([text], [value])).toEqual([[value, text]]);
  });

  it.each([
    ['placeholders', 'rc-1234-scope', 'select * from t where scope = ? and title = $2'],
    ['a word as an identifier or keyword', 'title', 'select title from t order by title'],
    ['a number outside quotes', '12345', 'select * from t limit 12345'],
    ['a value shorter than 5 characters', 'ab-c', "select 'ab-c'"],
  ])('does not flag %s', (_label, value, text) => {
    expect(found([text], [value])).toEqual([]);
  });

  it('reports one value per text, at most `limit` texts, with the place it was found', () => {
    const texts = [
      "a = 'first-value'",
      "b = 'second-value' and c = 'first-value'",
      "c = 'first-value'",
      'd = ?',
    ];
    const all = findValuesInSqlText(texts, ['first-value', 'second-value'], 2);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ text: texts[1], index: texts[1]?.indexOf('second-value') });
    expect(describeValuesInSqlText(all)).toContain(`value "second-value" in: b = 'second-value'`);
  });

  it('finds values among many texts and values with a shared prefix', () => {
    const values = Array.from({ length: 5_000 }, (_, i) => `rc-abcdef12-${String(i).padStart(4, '0')}-label`);
    const texts = Array.from({ length: 5_000 }, (_, i) => `select * from t where scope = ? and n = ${i}`);
    texts.push("select * from t where scope = 'rc-abcdef12-4321-label'");
    expect(found(texts, values)).toEqual([['rc-abcdef12-4321-label', texts.at(-1)]]);
  });

  it('spells a long value by its first 1,000 characters', () => {
    expect(spellingsOf('x'.repeat(5_000)).every((spelling) => spelling.length === 1_000)).toBe(true);
  });
});

describe('createSqlTextRecorder', () => {
  it('keeps only what is recorded between start() and stop(), strings of nested values included', () => {
    const recorder = createSqlTextRecorder();
    recorder.record('before', ['ignored']);
    recorder.start();
    recorder.record('select ?', [['in-array'], { named: 'in-object' }, 5, null]);
    recorder.record(undefined, ['values-only']);
    recorder.stop();
    recorder.record('after', ['ignored']);
    expect(recorder.statements).toBe(2);
    expect([...recorder.texts()]).toEqual(['select ?']);
    expect([...recorder.boundStrings()].sort()).toEqual(['in-array', 'in-object', 'values-only']);
  });
});
