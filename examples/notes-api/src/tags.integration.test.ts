// Tags over real HTTP on the embedded defaults, on PostgreSQL + Redis + S3 and on MariaDB + Redis
// + GCS: PUT /notes/:id/tags (set, replace, normalise and dedupe, every refusal writing nothing,
// hostile names stored as data, 404), GET /notes?tag= in cursor pages with each note's tags, the
// cascade when a note goes, GET /tags counts, and races: ten requests creating the same new tag
// at once, and ten concurrent replacements of one note's tags (three rounds).
import { describe, expect, it } from 'vitest';
import { MAX_TAGS_PER_NOTE, type NoteJson, NoteTag, Tag } from './entities.ts';
import { serveApi } from './listen-app.test-support.ts';
import { normalizeTagName } from './tag-names.ts';
import { backendSetups } from './test-backends.test-support.ts';

const suites = backendSetups;

// Strings that break naively built SQL (after @stowage/testkit's hostile strings), each a valid
// tag. Each is stored in its normal form (tag-names.ts: lower case, whitespace runs as one
// space), which differs from the string sent in case and spacing only; no two share one.
const HOSTILE = [
  "'; DROP TABLE tag; --",
  '" OR 1=1 --',
  "%' OR '1'='1",
  "Robert'); DELETE FROM note_tag WHERE ('1'='1",
  'back\\slash \\\' \\\\ \\" end\\',
  '`tick`; SELECT 1; /* comment */ # hash',
  `$1 ? ?? :name @p0 {{x}} \${y}`,
  "'' ''' unbalanced '",
  "line one\nline two\r\n\ttabbed 'quoted'",
  '\\%\\_ escaped wildcards',
  'NULL',
  '{"a","b"},{} (x) [y]',
  'emoji 🎉 ünïcødé ∑',
];

const names = (note: { tags: { name: string }[] }) => note.tags.map((tag) => tag.name);

describe.each(suites)('notes API tags on %s', (_name, open) => {
  const served = serveApi(open);

  const createNote = async (title: string): Promise<NoteJson> => {
    const response = await fetch(`${served.api.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, body: '' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as NoteJson;
  };

  const putTags = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${served.api.url}/notes/${id}/tags`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const setTags = async (id: string, tags: string[]): Promise<NoteJson> => {
    const response = await putTags(id, { tags });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as NoteJson;
  };

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${served.api.url}${path}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as T;
  };

  const expectError = async (response: Response, status: number, code: string, message?: RegExp) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string; issues?: unknown } };
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toMatch(message);
    return body.error;
  };

  /** Every tag and join row, to show a refusal wrote nothing. */
  const snapshot = async () => ({
    tags: await served.backends.stowage.repository(Tag).find({}, { orderBy: { id: 'asc' } }),
    links: await served.backends.stowage.repository(NoteTag).find({}, { orderBy: { id: 'asc' } }),
  });

  const countsOf = async (...wanted: string[]) => {
    const counts = await getJson<{ name: string; count: number }[]>('/tags?limit=100');
    return counts.filter((entry) => wanted.includes(entry.name));
  };

  it('sets a note’s tags (200, sorted by name, a new ETag) and shows them on every read', async () => {
    const note = await createNote('Tagged');
    expect(note.tags).toEqual([]);
    const response = await putTags(note.id, { tags: ['work', 'urgent'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    const tagged = (await response.json()) as NoteJson;
    expect(tagged).toMatchObject({ id: note.id, title: 'Tagged', version: 2 });
    expect(names(tagged)).toEqual(['urgent', 'work']);
    expect(tagged.tags[0]?.id).toMatch(/^[0-9a-f-]{36}$/);

    // GET /notes/:id (the row through the cache, invalidated by the commit) and the listing.
    for (let i = 0; i < 2; i += 1) {
      const read = await fetch(`${served.api.url}/notes/${note.id}`);
      expect(read.headers.get('etag')).toBe('"2"');
      expect(await read.json()).toEqual(tagged);
    }
    const page = await getJson<{ items: NoteJson[] }>('/notes?limit=100');
    expect(page.items.find((item) => item.id === note.id)).toEqual(tagged);
    // PATCH answers with the tags too; the tags stay.
    const patched = await fetch(`${served.api.url}/notes/${note.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'edited' }),
    });
    expect(names((await patched.json()) as NoteJson)).toEqual(['urgent', 'work']);
  });

  it('replaces the tags as a whole; an empty list removes them; tags stay shared by name', async () => {
    const a = await createNote('Replace A');
    const b = await createNote('Replace B');
    const first = await setTags(a.id, ['alpha', 'beta']);
    expect(names(await setTags(b.id, ['beta']))).toEqual(['beta']);
    const second = await setTags(a.id, ['gamma', 'beta']);
    expect(names(second)).toEqual(['beta', 'gamma']);
    // The same Tag row for "beta" on both notes and across replacements.
    const beta = first.tags.find((tag) => tag.name === 'beta');
    expect(second.tags.find((tag) => tag.name === 'beta')).toEqual(beta);
    const links = served.backends.stowage.repository(NoteTag);
    expect((await links.find({ noteId: a.id })).length).toBe(2);
    expect(names(await setTags(a.id, []))).toEqual([]);
    expect(await links.count({ noteId: a.id })).toBe(0);
    expect(names(await getJson<NoteJson>(`/notes/${b.id}`))).toEqual(['beta']);
    // A tag no note carries any more is still a row, and is not counted.
    expect(await served.backends.stowage.repository(Tag).count({ name: 'alpha' })).toBe(1);
    expect(await countsOf('alpha', 'beta', 'gamma')).toEqual([{ name: 'beta', count: 1 }]);
  });

  it('trims and dedupes names, and takes up to the limit of names up to 50 characters', async () => {
    const note = await createNote('Dedupe');
    const tagged = await setTags(note.id, [' dup ', 'dup', 'solo', 'dup', '  solo']);
    expect(names(tagged)).toEqual(['dup', 'solo']);
    expect(await served.backends.stowage.repository(NoteTag).count({ noteId: note.id })).toBe(2);
    const many = Array.from({ length: MAX_TAGS_PER_NOTE }, (_, i) => `many-${String(i).padStart(2, '0')}`);
    // Repeats do not count against the limit: twice the names, once each.
    expect(names(await setTags(note.id, [...many, ...many]))).toEqual(many);
    const long = 'l'.repeat(50);
    expect(names(await setTags(note.id, [long]))).toEqual([long]);
  });

  it('refuses bad bodies and names with 400 (415, 413 for the body), writing nothing', async () => {
    const note = await createNote('Refusals');
    await setTags(note.id, ['kept']);
    const before = await snapshot();
    await expectError(await putTags(note.id, '{"tags": '), 400, 'MALFORMED_JSON');
    await expectError(await putTags(note.id, ['a']), 400, 'VALIDATION', /JSON object/);
    for (const tags of [undefined, 'a', { a: 1 }, null, 3]) {
      await expectError(await putTags(note.id, { tags }), 400, 'VALIDATION', /must be an array/);
    }
    const bad = await expectError(
      await putTags(note.id, { tags: ['fine', '', '   ', 'x'.repeat(51), 7, null, 'a\u0000b', '\uD800'] }),
      400,
      'VALIDATION',
    );
    expect((bad.issues as { path: string }[]).map((issue) => issue.path)).toEqual([
      'tags.1',
      'tags.2',
      'tags.3',
      'tags.4',
      'tags.5',
      'tags.6',
      'tags.7',
    ]);
    const tooMany = Array.from({ length: MAX_TAGS_PER_NOTE + 1 }, (_, i) => `over-${i}`);
    await expectError(await putTags(note.id, { tags: tooMany }), 400, 'VALIDATION', /at most 20/);
    const form = await putTags(note.id, 'tags=a', { 'content-type': 'application/x-www-form-urlencoded' });
    await expectError(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await putTags(note.id, { tags: ['x'.repeat(2 * 1024 * 1024)] }), 413, 'TOO_LARGE');
    expect(await snapshot()).toEqual(before);
    expect(names(await getJson<NoteJson>(`/notes/${note.id}`))).toEqual(['kept']);
  });

  it('stores hostile names as data (in their normal form), never as SQL, and finds notes by them', async () => {
    const bystander = await setTags((await createNote('Bystander')).id, ['hostile-bystander']);
    const note = await createNote('Hostile');
    const stored = HOSTILE.map(normalizeTagName);
    expect(new Set(stored).size).toBe(HOSTILE.length);
    const tagged = await setTags(note.id, HOSTILE);
    expect(names(tagged).sort()).toEqual([...stored].sort());
    const rows = await served.backends.stowage.repository(Tag).find({ name: { $in: stored } });
    expect(rows.map((tag) => tag.name).sort()).toEqual([...stored].sort());
    // Looked up as sent (normalised the same way) and as stored.
    for (const name of [...HOSTILE, ...stored]) {
      const page = await getJson<{ items: NoteJson[] }>(`/notes?${new URLSearchParams({ tag: name })}`);
      expect(
        page.items.map((item) => item.id),
        name,
      ).toEqual([note.id]);
    }
    const counts = await countsOf(...stored);
    expect(counts.map((entry) => entry.name).sort()).toEqual([...stored].sort());
    expect(counts.every((entry) => entry.count === 1)).toBe(true);
    // Nothing ran: both tables are there, and another note's link and tag are intact.
    expect(await served.backends.stowage.repository(NoteTag).count({ noteId: note.id })).toBe(HOSTILE.length);
    expect(await getJson<NoteJson>(`/notes/${bystander.id}`)).toEqual(bystander);
    expect(await served.backends.stowage.repository(Tag).count({ name: 'hostile-bystander' })).toBe(1);
  });

  it('normalises names: case, spacing and Unicode spellings are one tag, on PUT and ?tag=', async () => {
    const a = await createNote('Normal A');
    const b = await createNote('Normal B');
    const first = await setTags(a.id, ['Norm-Work', ' NORM-WORK ', 'norm\t to \n do', 'norm-cafe\u0301']);
    expect(names(first)).toEqual(['norm to do', 'norm-café', 'norm-work']);
    const second = await setTags(b.id, ['norm-work', 'NORM-CAFÉ']);
    expect(second.tags).toEqual(first.tags.filter((tag) => tag.name !== 'norm to do'));
    expect(await served.backends.stowage.repository(Tag).count({ name: { $like: 'norm%' } })).toBe(3);
    const page = await getJson<{ items: NoteJson[] }>(
      `/notes?${new URLSearchParams({ tag: '  Norm-WORK' })}`,
    );
    expect(page.items.map((item) => item.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('answers 404 for an unknown note, writing nothing', async () => {
    const before = await snapshot();
    await expectError(
      await putTags('5b1e7c8e-2a44-4c1f-9d7e-0c3f3c1d2e4f', { tags: ['orphan'] }),
      404,
      'NOT_FOUND',
      /not found/,
    );
    await expectError(await putTags('not-a-uuid', { tags: ['orphan'] }), 404, 'NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('lists the notes of one tag newest first, in cursor pages, each with its tags', async () => {
    const tagged: NoteJson[] = [];
    for (let i = 0; i < 5; i += 1) {
      const note = await createNote(`Paged ${i}`);
      tagged.push(await setTags(note.id, i % 2 === 0 ? ['paged', 'even'] : ['paged']));
    }
    await setTags((await createNote('Not paged')).id, ['even']);
    const seen: NoteJson[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ tag: 'paged', limit: '2', ...(cursor ? { cursor } : {}) });
      const page = await getJson<{ items: NoteJson[]; nextCursor?: string }>(`/notes?${query}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    // Every tagged note once, each as GET /notes/:id shows it, newest first (notes created in
    // the same millisecond may come in either order).
    const byId = (x: NoteJson, y: NoteJson) => (x.id < y.id ? -1 : 1);
    expect([...seen].sort(byId)).toEqual([...tagged].sort(byId));
    const times = seen.map((note) => Date.parse(String(note.createdAt)));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    for (const note of seen) expect(names(note)).toEqual(names(await getJson<NoteJson>(`/notes/${note.id}`)));

    expect(await getJson('/notes?tag=never-used')).toEqual({ items: [] });
    await expectError(await fetch(`${served.api.url}/notes?tag=`), 400, 'VALIDATION', /tag/);
    await expectError(await fetch(`${served.api.url}/notes?tag=${'x'.repeat(51)}`), 400, 'VALIDATION', /tag/);
    await expectError(await fetch(`${served.api.url}/notes?tag=paged&limit=0`), 400, 'VALIDATION', /limit/);
    // A cursor of GET /notes is not one of this listing.
    const plain = await getJson<{ nextCursor?: string }>('/notes?limit=1');
    const foreign = new URLSearchParams({ tag: 'paged', cursor: String(plain.nextCursor) });
    await expectError(await fetch(`${served.api.url}/notes?${foreign}`), 400, 'VALIDATION', /cursor/);
  });

  it('counts the notes per tag, most used first, within ?limit=', async () => {
    const notes = await Promise.all([1, 2, 3].map((i) => createNote(`Counted ${i}`)));
    const [one, two, three] = notes.map((note) => note.id) as [string, string, string];
    await setTags(one, ['count-3', 'count-2', 'count-1']);
    await setTags(two, ['count-3', 'count-2']);
    await setTags(three, ['count-3']);
    expect(await countsOf('count-1', 'count-2', 'count-3')).toEqual([
      { name: 'count-3', count: 3 },
      { name: 'count-2', count: 2 },
      { name: 'count-1', count: 1 },
    ]);
    const all = await getJson<{ name: string; count: number }[]>('/tags?limit=100');
    expect(all.map((entry) => entry.count)).toEqual(all.map((entry) => entry.count).sort((a, b) => b - a));
    const top = await getJson<{ name: string; count: number }[]>('/tags?limit=2');
    expect(top).toEqual(all.slice(0, 2));
    for (const limit of ['0', '101', 'abc', '1.5']) {
      await expectError(await fetch(`${served.api.url}/tags?limit=${limit}`), 400, 'VALIDATION', /limit/);
    }
  });

  it('deleting a note deletes its links (cascade) and its counts, not the tags', async () => {
    const keep = await createNote('Stays');
    const gone = await createNote('Goes');
    await setTags(keep.id, ['cascade-shared']);
    await setTags(gone.id, ['cascade-shared', 'cascade-own']);
    expect(await countsOf('cascade-shared', 'cascade-own')).toEqual([
      { name: 'cascade-shared', count: 2 },
      { name: 'cascade-own', count: 1 },
    ]);
    expect((await fetch(`${served.api.url}/notes/${gone.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await served.backends.stowage.repository(NoteTag).count({ noteId: gone.id })).toBe(0);
    expect(await countsOf('cascade-shared', 'cascade-own')).toEqual([{ name: 'cascade-shared', count: 1 }]);
    expect(await getJson('/notes?tag=cascade-own')).toEqual({ items: [] });
    expect(await served.backends.stowage.repository(Tag).count({ name: 'cascade-own' })).toBe(1);
  });

  it('ten concurrent PUTs creating the same new tag on ten notes all succeed, with one Tag row', async () => {
    const notes = await Promise.all(Array.from({ length: 10 }, (_, i) => createNote(`Race ${i}`)));
    // Two shared new names (created in one order by every request) and one of each note's own.
    const responses = await Promise.all(
      notes.map((note, i) => putTags(note.id, { tags: ['race-new', `race-own-${i}`, 'race-also-new'] })),
    );
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(
      responses.map((response) => response.status),
      bodies.join('\n'),
    ).toEqual(notes.map(() => 200));
    const tags = served.backends.stowage.repository(Tag);
    expect(await tags.count({ name: 'race-new' })).toBe(1);
    expect(await tags.count({ name: 'race-also-new' })).toBe(1);
    const shared = await tags.findOne({ name: 'race-new' });
    expect(await served.backends.stowage.repository(NoteTag).count({ tagId: shared?.id as string })).toBe(10);
    // Tied counts come in tag id order (see tag-routes.ts), so compare them as a set.
    expect(await countsOf('race-new', 'race-also-new')).toHaveLength(2);
    expect(await countsOf('race-new', 'race-also-new')).toEqual(
      expect.arrayContaining([
        { name: 'race-also-new', count: 10 },
        { name: 'race-new', count: 10 },
      ]),
    );
  });

  it('a DELETE racing PUTs on the note: each PUT is 200 or 404, and no link outlives the note', async () => {
    const note = await createNote('Deleted mid-race');
    const puts = Array.from({ length: 5 }, (_, i) =>
      putTags(note.id, { tags: [`gone-${i}`, 'gone-shared'] }),
    );
    const deleted = fetch(`${served.api.url}/notes/${note.id}`, { method: 'DELETE' });
    const statuses = (await Promise.all(puts)).map((response) => response.status);
    expect((await deleted).status).toBe(204);
    expect(
      statuses.every((status) => status === 200 || status === 404),
      String(statuses),
    ).toBe(true);
    expect(await served.backends.stowage.repository(NoteTag).count({ noteId: note.id })).toBe(0);
    expect((await fetch(`${served.api.url}/notes/${note.id}`)).status).toBe(404);
  });

  it('ten concurrent PUTs replacing one note’s tags: one set wins whole, one join row per tag', async () => {
    const note = await createNote('Contended');
    const links = served.backends.stowage.repository(NoteTag);
    const rounds = 3;
    for (let round = 0; round < rounds; round += 1) {
      // Ten different sets of 1 to 5 names: overlapping (a shared name, a pool), each with its own
      // new ones, so a mix of two, a lost delete or a duplicated link would show.
      const sets = Array.from({ length: 10 }, (_, i) => [
        `mix-${round}-${i}`,
        ...(i % 2 === 0 ? ['mix-shared'] : []),
        ...Array.from({ length: i % 4 }, (_, k) => `mix-pool-${k}`),
      ]);
      const responses = await Promise.all(sets.map((tags) => putTags(note.id, { tags })));
      const bodies = await Promise.all(responses.map((response) => response.text()));
      expect(
        responses.map((response) => response.status),
        bodies.join('\n'),
      ).toEqual(sets.map(() => 200));
      const final = await getJson<NoteJson>(`/notes/${note.id}`);
      const winner = sets.find((tags) => [...tags].sort().join('\n') === names(final).join('\n'));
      expect(winner, `final tags ${JSON.stringify(names(final))}`).toBeDefined();
      expect(await links.count({ noteId: note.id })).toBe(winner?.length);
      // Each PUT bumped the version once: they applied one after the other.
      expect(final.version).toBe(1 + (round + 1) * sets.length);
    }
  });
});
