// GET /notes/search over real HTTP on the embedded defaults, on PostgreSQL + Redis + S3 and on
// MariaDB + Redis + GCS: ranking (the note matching more often first, whatever was written
// first), every word, "phrases", -exclusions and prefix*, each found note with its tags as GET
// /notes/:id shows it, hostile texts answered 200 (found or not) with nothing harmed, the 400s
// (missing, too long or too many terms in q, NUL, a bad limit), and notes found by their new
// words once updated and no more once deleted. Each test searches words of its own (random
// letters), so notes of other tests never match; MariaDB ignores words under 3 letters and its
// stop words, so every searched word here is longer and none is one.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Note, type NoteJson } from './entities.ts';
import { serveApi } from './listen-app.test-support.ts';
import { backendSetups } from './test-backends.test-support.ts';

const suites = backendSetups;

/** A word no other note holds: ten random letters. */
const freshWord = () =>
  randomBytes(5)
    .toString('hex')
    .replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)] as string);

/** Query syntax of the databases' own full-text languages and SQL: only ever text here. */
const HOSTILE = [
  "'; DROP TABLE note; --",
  '" OR 1=1 --',
  "' OR '1'='1",
  "Robert'); DELETE FROM note WHERE ('1'='1",
  '`tick`; SELECT 1; /* comment */ # hash',
  `$1 ? ?? :name @p0 {{x}} \${y} %s`,
  '\\ \\\\ \\" \\\' end\\',
  '"',
  '""',
  '"unclosed phrase',
  "'",
  "''",
  '*',
  '**',
  '* *',
  '-',
  '--',
  '- -',
  '-*',
  '-"',
  '+',
  '~',
  '<>',
  '()',
  '(',
  ':^@',
  '&|!',
  '%',
  '_',
  'NEAR(alpha beta, 2)',
  'AND OR NOT',
  'alpha:* & !beta',
  'alpha <-> beta',
  '+alpha -beta >gamma <delta ~epsilon',
  'title:alpha',
  '{title}: alpha',
  '@@ to_tsquery',
  'MATCH (title) AGAINST (x)',
  'ünïcødé crème brûlée',
  'Москва столица',
  '日本語のテキスト',
  'שלום עולם',
  'e\u0301 combining',
  '🎉 ☕ 👩‍💻',
  '\u200b\u00a0\t\n\u2028',
  '\uFEFFbom',
  '\uFFFD replacement',
];

describe.each(suites)('notes API search on %s', (_name, open) => {
  const served = serveApi(open);

  const createNote = async (title: string, body: string): Promise<NoteJson> => {
    const response = await fetch(`${served.api.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, body }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as NoteJson;
  };

  const searchPath = (q: string, limit?: number) =>
    `/notes/search?${new URLSearchParams({ q, ...(limit === undefined ? {} : { limit: String(limit) }) })}`;

  const search = async (q: string, limit?: number): Promise<NoteJson[]> => {
    const response = await fetch(`${served.api.url}${searchPath(q, limit)}`);
    expect(response.status, `${JSON.stringify(q)}: ${await response.clone().text()}`).toBe(200);
    const body = (await response.json()) as { items: NoteJson[] };
    expect(Object.keys(body)).toEqual(['items']);
    return body.items;
  };
  const titles = async (q: string, limit?: number) => (await search(q, limit)).map((note) => note.title);

  const expectValidation = async (path: string, issuePath?: string) => {
    const response = await fetch(`${served.api.url}${path}`);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; message: string; issues?: { path: string }[] };
    };
    expect(error.code).toBe('VALIDATION');
    expect(typeof error.message).toBe('string');
    if (issuePath) expect(error.issues?.map((issue) => issue.path)).toEqual([issuePath]);
    return error;
  };

  it('answers the note matching more often first, whatever was written first; limit keeps the best', async () => {
    const word = freshWord();
    // Two notes without the word: the index must see it as rare (MariaDB ranks by TF-IDF).
    await createNote('Filler one', 'nothing relevant here');
    await createNote('Filler two', 'nothing relevant either');
    await createNote('Passing mention', `one ${word} among many other words about other things entirely`);
    await createNote(`All about ${word}`, `${word} then ${word} and ${word} again`);
    await createNote('Unrelated', 'about something else');
    expect(await titles(word)).toEqual([`All about ${word}`, 'Passing mention']);
    expect(await titles(word, 1)).toEqual([`All about ${word}`]);

    // The other way round: the better match written first.
    const other = freshWord();
    await createNote(`All about ${other}`, `${other} then ${other} and ${other} again`);
    await createNote('Passing mention', `one ${other} among many other words about other things entirely`);
    expect(await titles(other)).toEqual([`All about ${other}`, 'Passing mention']);
  });

  it('finds the notes holding every word, in title or body, case ignored', async () => {
    const [alpha, beta] = [freshWord(), freshWord()];
    await createNote(`${alpha} title`, `and ${beta} in the body`);
    await createNote(`Only ${alpha}`, 'nothing more');
    await createNote('Neither', 'nothing at all');
    expect(await titles(`${beta} ${alpha}`)).toEqual([`${alpha} title`]);
    expect(await titles(`${alpha.toUpperCase()} ${beta.toUpperCase()}`)).toEqual([`${alpha} title`]);
    expect((await titles(alpha)).sort()).toEqual([`${alpha} title`, `Only ${alpha}`].sort());
    expect(await titles(alpha.slice(0, -2))).toEqual([]); // whole words only
  });

  it('matches a "phrase" only as adjacent words in order, word* as a prefix', async () => {
    const [first, second] = [freshWord(), freshWord()];
    await createNote('Adjacent', `the ${first} ${second} jumps`);
    await createNote('Reversed', `the ${second} ${first} jumps`);
    await createNote('Apart', `${first} brown ${second}`);
    expect(await titles(`"${first} ${second}"`)).toEqual(['Adjacent']);
    expect((await titles(`${first} ${second}`)).sort()).toEqual(['Adjacent', 'Apart', 'Reversed']);
    expect((await titles(`${first.slice(0, 6)}*`)).sort()).toEqual(['Adjacent', 'Apart', 'Reversed']);
    expect(await titles(`"${first.slice(0, 6)}*"`)).toEqual([]); // no prefix inside a phrase
  });

  it('leaves out the notes holding an -excluded word or phrase', async () => {
    const [planet, moons, red, giant] = [freshWord(), freshWord(), freshWord(), freshWord()];
    await createNote('With moons', `${planet} has many ${moons}`);
    await createNote('Alone', `${planet} has none`);
    await createNote('Red giant', `${planet} near a ${red} ${giant} star`);
    expect((await titles(`${planet} -${moons}`)).sort()).toEqual(['Alone', 'Red giant']);
    expect((await titles(`${planet} -"${red} ${giant}"`)).sort()).toEqual(['Alone', 'With moons']);
    expect(await titles(`-${moons}`)).toEqual([]); // exclusions alone find nothing
  });

  it('shows each found note with its tags, as GET /notes/:id does', async () => {
    const word = freshWord();
    const tagged = await createNote(`Tagged ${word}`, `${word} ${word}`);
    const plain = await createNote(`Plain ${word}`, 'no repeats');
    const put = await fetch(`${served.api.url}/notes/${tagged.id}/tags`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: ['work', 'archive', 'urgent'] }),
    });
    expect(put.status).toBe(200);
    const found = await search(word);
    const read = async (id: string) =>
      (await (await fetch(`${served.api.url}/notes/${id}`)).json()) as NoteJson;
    expect(found).toEqual([await read(tagged.id), await read(plain.id)]);
    expect(found[0]?.tags.map((tag) => tag.name)).toEqual(['archive', 'urgent', 'work']);
    expect(found[1]?.tags).toEqual([]);
  });

  it('answers hostile texts 200 with the notes they find or none, running nothing', async () => {
    const marker = freshWord();
    const stored = await Promise.all(HOSTILE.map((text, i) => createNote(`Hostile ${i} ${marker}`, text)));
    const before = await served.backends.stowage.repository(Note).count();
    for (const text of HOSTILE) {
      const found = await search(text);
      expect(Array.isArray(found), text).toBe(true);
      // With a word that matches, the statement runs (a text with nothing to match sends none):
      // only hostile notes come back, whichever of the text's words each database indexes.
      const narrowed = await search(`${marker} ${text}`);
      expect(
        narrowed.every((note) => note.title.endsWith(` ${marker}`)),
        text,
      ).toBe(true);
    }
    // SQL in a text is words: these find the note that holds them, and nothing ran.
    expect(await titles(`${marker} DROP TABLE note`)).toEqual([`Hostile 0 ${marker}`]);
    expect(await titles(`${marker} Robert DELETE`)).toEqual([`Hostile 3 ${marker}`]);
    expect(await titles(`${marker} брюле Москва`)).toEqual([]);
    expect(await titles(`${marker} москва`)).toEqual([
      `Hostile ${HOSTILE.indexOf('Москва столица')} ${marker}`,
    ]);
    // Nothing to match (only punctuation, operators or space): none.
    for (const text of ['', '   ', '"', '*', '-', '()', '🎉', '\\'])
      expect(await titles(text), text).toEqual([]);
    // Bytes that are not a percent-encoded UTF-8 text, and a raw quote and star in the URL.
    for (const raw of ['%E0%A4%A', '%ED%A0%80', '%', "'*%22-", '%FF%FE']) {
      const response = await fetch(`${served.api.url}/notes/search?q=${raw}`);
      expect(response.status, raw).toBe(200);
      expect(Array.isArray(((await response.json()) as { items: unknown }).items)).toBe(true);
    }
    expect(await served.backends.stowage.repository(Note).count()).toBe(before);
    expect(await served.backends.stowage.repository(Note).findById(stored[0]?.id as string)).toMatchObject({
      body: HOSTILE[0],
    });
  });

  it('refuses a missing or too long q, too many terms, NUL and a bad limit with 400 VALIDATION', async () => {
    const missing = await expectValidation('/notes/search', 'q');
    expect(missing.message).toMatch(/q: is required/);
    const long = await expectValidation(searchPath('x'.repeat(1_001)), 'q');
    expect(long.message).toMatch(/q: must be at most 1000 characters/);
    await expectValidation(searchPath(Array.from({ length: 33 }, (_, i) => `word${i}`).join(' ')), 'q');
    await expectValidation('/notes/search?q=alpha%00beta', 'q');
    for (const limit of ['0', '101', '-1', '1.5', 'ten', '']) {
      const error = await expectValidation(`/notes/search?q=alpha&limit=${limit}`);
      expect(error.message).toMatch(/limit/);
    }
    // Up to the limits, any text is searched.
    expect(await titles('y'.repeat(1_000))).toEqual([]);
    expect(await titles(Array.from({ length: 32 }, (_, i) => `word${i}`).join(' '))).toEqual([]);
  });

  it('finds an updated note by its new words only, and a deleted one no more', async () => {
    const [old, fresh] = [freshWord(), freshWord()];
    const note = await createNote(`Draft ${old}`, `about ${old}`);
    expect(await titles(old)).toEqual([`Draft ${old}`]);
    // Each request commits before it answers, so MariaDB's index holds the change too.
    const patched = await fetch(`${served.api.url}/notes/${note.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Final', body: `now about ${fresh}` }),
    });
    expect(patched.status).toBe(200);
    expect(await titles(old)).toEqual([]);
    expect(await search(fresh)).toEqual([
      expect.objectContaining({ id: note.id, title: 'Final', version: 2 }),
    ]);
    expect((await fetch(`${served.api.url}/notes/${note.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await titles(fresh)).toEqual([]);
  });
});
