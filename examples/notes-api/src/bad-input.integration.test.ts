// What a careless or hostile client sends to the JSON routes, over real HTTP on the three setups:
// bodies over JSON_MAX_BYTES (declared, chunked, and answered before the client finished sending),
// content types other than JSON (form posts among them), malformed JSON and bytes that are not
// UTF-8, lone surrogates and NUL, strings that look like SQL (stored verbatim), crafted cursors and
// an uploaded text/html. Each refusal asserts its status and error body, and that no row or
// stored object changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Note } from './entities.ts';
import { type ListeningApp, listen } from './listen-app.test-support.ts';
import { backendSetups, type OpenedBackends } from './test-backends.test-support.ts';
import { sendUnfinished } from './unfinished-request.test-support.ts';

const MiB = 1024 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };

/** A body of `total` bytes that is produced only as the server pulls it; counts what was pulled. */
function lazyBody(total: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      const size = Math.min(64 * 1024, total - state.pulled);
      state.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, state };
}

const suites = backendSetups;

describe.each(suites)('bad input to the notes API on %s', (_name, open) => {
  let backends: OpenedBackends;
  let api: ListeningApp;
  let target: Note;

  beforeAll(async () => {
    backends = await open();
    api = await listen(backends.stowage, {}); // the defaults: JSON_MAX_BYTES 1 MiB
    target = await backends.stowage.repository(Note).create({ title: 'Target', body: 'unchanged' });
  });
  afterAll(async () => {
    await api?.close();
    await backends?.close();
  });

  const snapshot = async () => ({
    notes: await backends.stowage.repository(Note).find({}, { orderBy: { id: 'asc' } }),
    objects: await backends.storedObjects(),
  });

  /** Runs the requests, checks each refusal's status and body, then that nothing changed. */
  const refusedWritingNothing = async (
    cases: [string, () => Promise<{ status: number; body: unknown }>][],
    status: number,
    code: string,
    message: RegExp,
  ) => {
    const before = await snapshot();
    for (const [label, send] of cases) {
      const answer = await send();
      expect(answer.status, label).toBe(status);
      expect(answer.body, label).toMatchObject({ error: { code, message: expect.stringMatching(message) } });
    }
    expect(await snapshot()).toEqual(before);
  };

  const answerOf = async (response: Response) => ({ status: response.status, body: await response.json() });
  const post = (body: NonNullable<RequestInit['body']>, headers: Record<string, string> = JSON_TYPE) =>
    fetch(`${api.url}/notes`, { method: 'POST', headers, body }).then(answerOf);
  const patch = (body: NonNullable<RequestInit['body']>, headers: Record<string, string> = JSON_TYPE) =>
    fetch(`${api.url}/notes/${target.id}`, { method: 'PATCH', headers, body }).then(answerOf);

  describe('a body over JSON_MAX_BYTES (1 MiB)', () => {
    const tooLarge = /1048576 bytes \(JSON_MAX_BYTES\)/;
    // Valid JSON padded with spaces: only its size is wrong.
    const padded = (size: number) => {
      const json = JSON.stringify({ title: 'Padded', body: 'small' });
      return json + ' '.repeat(size - json.length);
    };

    it('is refused with 413 as soon as its Content-Length says so, before the body is sent', async () => {
      await refusedWritingNothing(
        [
          [
            'POST declaring 100 MB, 16 KiB sent',
            () =>
              sendUnfinished(
                `${api.url}/notes`,
                { ...JSON_TYPE, 'content-length': String(100 * MiB) },
                16 * 1024,
              ),
          ],
          ['POST of 1 MiB + 1 byte', () => post(padded(MiB + 1))],
          ['PATCH of 1 MiB + 1 byte', () => patch(padded(MiB + 1))],
        ],
        413,
        'TOO_LARGE',
        tooLarge,
      );
    });

    it('is refused with 413 while a chunked body (no Content-Length) is still arriving', async () => {
      await refusedWritingNothing(
        [
          ['POST, chunked, never finished', () => sendUnfinished(`${api.url}/notes`, JSON_TYPE, 8 * MiB)],
          [
            'PATCH, chunked, never finished',
            () => sendUnfinished(`${api.url}/notes/${target.id}`, JSON_TYPE, 8 * MiB, 'PATCH'),
          ],
        ],
        413,
        'TOO_LARGE',
        tooLarge,
      );
    });

    it('stops reading four 100 MB chunked bodies sent at once, and still serves', async () => {
      const bodies = Array.from({ length: 4 }, () => lazyBody(100 * MiB));
      await refusedWritingNothing(
        bodies.map(({ stream }, i) => [
          `upload ${i}`,
          () =>
            fetch(`${api.url}/notes`, {
              method: 'POST',
              headers: JSON_TYPE,
              body: stream,
              duplex: 'half',
            } as RequestInit).then(answerOf),
        ]),
        413,
        'TOO_LARGE',
        tooLarge,
      );
      for (const { state } of bodies) expect(state.pulled).toBeLessThan(100 * MiB);
      expect((await fetch(`${api.url}/notes/${target.id}`)).status).toBe(200);
    });

    it('accepts a body of exactly 1 MiB', async () => {
      const created = await post(padded(MiB));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ title: 'Padded', body: 'small' });
      await backends.stowage.repository(Note).delete((created.body as Note).id);
    });
  });

  it('refuses every content type but JSON with 415 (form posts too), before reading the body', async () => {
    const json = JSON.stringify({ title: 'Via a form', body: 'x' });
    const form = new FormData();
    form.set('title', 'Via a form');
    await refusedWritingNothing(
      [
        ['text/plain', () => post(json, { 'content-type': 'text/plain' })],
        ['text/plain;charset=utf-8', () => post(json, { 'content-type': 'text/plain;charset=UTF-8' })],
        [
          'a urlencoded form',
          () => post('title=Via+a+form&body=x', { 'content-type': 'application/x-www-form-urlencoded' }),
        ],
        ['a multipart form', () => fetch(`${api.url}/notes`, { method: 'POST', body: form }).then(answerOf)],
        [
          'no content type',
          () => fetch(`${api.url}/notes`, { method: 'POST', body: new Blob([json]) }).then(answerOf),
        ],
        [
          'application/json in Latin-1',
          () => post(json, { 'content-type': 'application/json; charset=latin1' }),
        ],
        ['application/jsonp', () => post(json, { 'content-type': 'application/jsonp' })],
        ['PATCH as text/plain', () => patch(json, { 'content-type': 'text/plain' })],
        [
          'text/plain declaring 100 MB',
          () =>
            sendUnfinished(
              `${api.url}/notes`,
              { 'content-type': 'text/plain', 'content-length': String(100 * MiB) },
              0,
            ),
        ],
      ],
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    );
  });

  it('accepts application/json with charset=utf-8 and a +json type', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
      const created = await post(JSON.stringify({ title: type, body: '' }), { 'content-type': type });
      expect(created.status, type).toBe(201);
      await backends.stowage.repository(Note).delete((created.body as Note).id);
    }
  });

  it('refuses malformed JSON and bytes that are not UTF-8 with 400 MALFORMED_JSON', async () => {
    await refusedWritingNothing(
      [
        ['a truncated object', () => post('{"title": ')],
        ['an empty body', () => post('')],
        ['two objects', () => post('{"title":"a","body":""}{"title":"b","body":""}')],
        ['Latin-1 bytes', () => post(Buffer.from('{"title":"caf\xe9","body":""}', 'latin1'))],
        [
          'an overlong UTF-8 encoding',
          () => post(Buffer.from([...Buffer.from('{"title":"'), 0xc0, 0xaf, ...Buffer.from('","body":""}')])),
        ],
        ['PATCH, truncated', () => patch('{"body"')],
      ],
      400,
      'MALFORMED_JSON',
      /not valid UTF-8 JSON/,
    );
  });

  it('refuses a lone surrogate with 400 VALIDATION naming the field', async () => {
    const before = await snapshot();
    for (const [label, raw, send, path] of [
      ['a high surrogate in the title', '{"title":"\\ud800","body":""}', post, 'title'],
      ['a low surrogate in the body', '{"title":"ok","body":"a\\udc00b"}', post, 'body'],
      ['a reversed pair in a PATCH', '{"title":"\\udc00\\ud800"}', patch, 'title'],
    ] as const) {
      const answer = await send(raw);
      expect(answer.status, label).toBe(400);
      expect(answer.body, label).toMatchObject({
        error: { code: 'VALIDATION', message: expect.stringContaining(path), issues: [{ path }] },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('stores a body of 20,000 three-byte characters identically and refuses one more with 400', async () => {
    const longest = '€'.repeat(20_000);
    const created = await post(JSON.stringify({ title: 'Longest', body: longest }));
    expect(created.status).toBe(201);
    const id = (created.body as Note).id;
    await backends.stowage.cache.clear();
    expect((await backends.stowage.repository(Note).findById(id))?.body).toBe(longest);
    await backends.stowage.repository(Note).delete(id);
    const before = await snapshot();
    const answer = await post(JSON.stringify({ title: 'Too long', body: `${longest}€` }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'VALIDATION', issues: [{ path: 'body' }] } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses U+0000 with 400 VALIDATION naming the field (no database stores it as sent)', async () => {
    const before = await snapshot();
    const answer = await post('{"title":"nul","body":"a\\u0000b"}');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'VALIDATION', message: expect.stringContaining('U+0000'), issues: [{ path: 'body' }] },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('stores a surrogate pair (an emoji) and returns it identically', async () => {
    const title = 'Pair \ud83d\ude00 and \\u escape';
    const created = await post(JSON.stringify({ title, body: '\u{1F600}' }));
    expect(created.status).toBe(201);
    const id = (created.body as Note).id;
    await backends.stowage.cache.clear();
    expect(await (await fetch(`${api.url}/notes/${id}`)).json()).toMatchObject({ title, body: '\u{1F600}' });
    await backends.stowage.repository(Note).delete(id);
  });

  it('stores strings that look like SQL, escapes or wildcards verbatim', async () => {
    const hostile = [
      "'; DROP TABLE note; --",
      "\\'; DROP TABLE note; -- ",
      '" OR ""="',
      'back\\slash \\\\ and \\n',
      '%_ wildcards % _',
      '$1 $$ dollar $$',
      '`backtick` /* comment */ # hash',
      'ñ ü 中文 עברית',
    ];
    for (const text of hostile) {
      const created = await post(JSON.stringify({ title: text, body: text }));
      expect(created.status, text).toBe(201);
      const id = (created.body as Note).id;
      await backends.stowage.cache.clear();
      const stored = await backends.stowage.repository(Note).findById(id);
      // (A title is trimmed, as the Note schema says; nothing else changes.)
      expect(stored, text).toMatchObject({ title: text.trim(), body: text });
      await backends.stowage.repository(Note).delete(id);
    }
    expect(await backends.stowage.repository(Note).findById(target.id)).toMatchObject({ body: 'unchanged' });
  });

  it('refuses crafted cursors with 400 VALIDATION, on this database too', async () => {
    const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [
      encoded(['2024-01-01T00:00:00.000Z', "' OR 1=1 -- "]),
      encoded([{ $gt: null }, target.id]),
      encoded(["2024-01-01' OR '1'='1", target.id]),
      'not-a-cursor',
    ];
    const before = await snapshot();
    for (const cursor of cursors) {
      const response = await fetch(`${api.url}/notes?limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, cursor).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 'VALIDATION', message: expect.stringMatching(/cursor/) },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('serves an uploaded text/html as a download, never rendered from this origin', async () => {
    const note = await backends.stowage.repository(Note).create({ title: 'Has HTML', body: '' });
    const html = '<script>alert(document.cookie)</script>';
    const put = await fetch(`${api.url}/notes/${note.id}/attachment/page.html`, {
      method: 'PUT',
      headers: { 'content-type': 'text/html' },
      body: html,
    });
    expect(put.status).toBe(200);
    const get = await fetch(`${api.url}/notes/${note.id}/attachment?download=stream`);
    expect(get.status).toBe(200);
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
    expect(get.headers.get('content-disposition')).toBe(
      `attachment; filename="page.html"; filename*=UTF-8''page.html`,
    );
    expect(get.headers.get('content-security-policy')).toContain('sandbox');
    expect(await get.text()).toBe(html);
    // JSON answers are not sniffed either.
    expect((await fetch(`${api.url}/notes/${note.id}`)).headers.get('x-content-type-options')).toBe(
      'nosniff',
    );
    expect((await fetch(`${api.url}/nowhere`)).headers.get('x-content-type-options')).toBe('nosniff');
  });
});
