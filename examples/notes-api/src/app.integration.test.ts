// The API over real HTTP (the app served by @hono/node-server on a free port) on the embedded
// defaults, on PostgreSQL + Redis + S3 and on MariaDB + Redis + GCS: every route, and every
// refusal with its status and proof that neither the database nor the object store changed.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@stowage/core';
import { createMigrations } from '@stowage/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Note } from './entities.ts';
import { type ListeningApp, listen } from './listen-app.test-support.ts';
import { migrationsFolder } from './migrations-folder.ts';
import { backendSetups, type OpenedBackends } from './test-backends.test-support.ts';

const MiB = 1024 * 1024;

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A body that arrives in 64 KiB chunks with no Content-Length (chunked transfer encoding). */
function chunked(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(64 * 1024, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(7));
    },
  });
}

const suites = backendSetups;

describe.each(suites)('notes API on %s', (_name, open) => {
  let backends: OpenedBackends;
  let api: ListeningApp;
  let bigApi: ListeningApp;
  const created: string[] = [];

  beforeAll(async () => {
    backends = await open();
    api = await listen(backends.stowage, { HEALTH_DETAILS: 'true' }); // default limit: 10 MiB
    bigApi = await listen(backends.stowage, { ATTACHMENT_MAX_BYTES: String(32 * MiB) });
  });
  afterAll(async () => {
    await api?.close();
    await bigApi?.close();
    await backends?.close();
  });

  const createNote = async (title: string, body = `body of ${title}`) => {
    const response = await fetch(`${api.url}/notes`, json({ title, body }));
    expect(response.status).toBe(201);
    const note = (await response.json()) as Note;
    created.push(note.id);
    return note;
  };

  /** What a refused request must leave unchanged: every note row, everything the store holds. */
  const snapshot = async () => ({
    notes: await backends.stowage.repository(Note).find({}, { orderBy: { id: 'asc' } }),
    objects: await backends.storedObjects(),
  });

  const expectError = async (response: Response, status: number, code: string, message?: RegExp) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toMatch(message);
    return body.error;
  };

  it('answers /health with the doctor checks of database, cache and objects (HEALTH_DETAILS=true)', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as {
      ok: boolean;
      checks: { check: string; status: string; detail: string }[];
    };
    expect(health).toMatchObject({ ok: true, status: 'ok' });
    expect(health.checks.map((c) => [c.check, c.status])).toEqual([
      ['database', 'ok'],
      ['cache', 'ok'],
      ['objects', 'ok'],
    ]);
    const config = backends.stowage.config;
    expect(health.checks[0]?.detail).toMatch(new RegExp(`^${config.database?.driver} answers, [\\d.]+ ms`));
    // Redis reports its hit rate; the memory cache is in-process.
    expect(health.checks[1]?.detail).toMatch(
      config.cache.driver === 'redis' ? /^redis answers, .*hit rate|no reads/ : /in-process/,
    );
    expect(health.checks[2]?.detail).toMatch(new RegExp(`^${backends.stowage.objects.backend} answers`));
  });

  it('was migrated at start-up by its own migrations, which match the entities (no drift)', async () => {
    const folder = migrationsFolder(backends.stowage.config.database?.driver);
    const migrations = createMigrations(backends.stowage.database as Database, { folder });
    const status = await migrations.status();
    expect(status.pending).toEqual([]);
    expect(status.executed.map((m) => m.name)).toEqual(
      (await readdir(folder)).filter((f) => f.endsWith('.mjs')).map((f) => f.replace(/\.mjs$/, '')),
    );
    // Generating a migration from the entities against a copy of the folder finds nothing to do.
    const scratch = await mkdtemp(join(tmpdir(), 'notes-api-drift-'));
    try {
      await cp(folder, scratch, { recursive: true });
      expect(
        await createMigrations(backends.stowage.database as Database, { folder: scratch }).create('drift'),
      ).toBeNull();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('creates a note (201) and reads it back, twice (the second read from the cache)', async () => {
    const note = await createNote('First', 'Hello there');
    expect(note).toMatchObject({ title: 'First', body: 'Hello there', attachmentKey: null, version: 1 });
    expect(note.id).toMatch(/^[0-9a-f-]{36}$/);
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${api.url}/notes/${note.id}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(note);
    }
  });

  it('ignores fields a client may not set (id, version, attachmentKey)', async () => {
    const response = await fetch(
      `${api.url}/notes`,
      json({
        title: 'Sneaky',
        body: '',
        id: '00000000-0000-4000-8000-000000000000',
        version: 9,
        attachmentKey: 'x',
      }),
    );
    expect(response.status).toBe(201);
    const note = (await response.json()) as Note;
    created.push(note.id);
    expect(note.id).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(note).toMatchObject({ version: 1, attachmentKey: null });
  });

  it('lists every note once, newest first, in cursor pages', async () => {
    for (let i = 0; i < 5; i += 1) await createNote(`Listed ${i}`);
    const seen: Note[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: '2', ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${api.url}/notes?${query}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: Note[]; nextCursor?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(created.length / 2));
    expect(seen.map((note) => note.id).sort()).toEqual([...created].sort());
    const times = seen.map((note) => Date.parse(String(note.createdAt)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('refuses a bad limit or cursor with 400', async () => {
    await expectError(await fetch(`${api.url}/notes?limit=0`), 400, 'VALIDATION', /limit/);
    await expectError(await fetch(`${api.url}/notes?limit=abc`), 400, 'VALIDATION', /limit/);
    await expectError(await fetch(`${api.url}/notes?cursor=not-a-cursor`), 400, 'VALIDATION', /cursor/);
  });

  const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/notes/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('updates a note with PATCH, honouring If-Match (412 for a stale version); reads follow', async () => {
    const note = await createNote('Draft', 'old');
    const first = await fetch(`${api.url}/notes/${note.id}`); // now cached
    expect(first.headers.get('etag')).toBe('"1"');
    const updated = await patch(note.id, { body: 'new' }, { 'if-match': '"1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(await updated.json()).toMatchObject({ title: 'Draft', body: 'new', version: 2 });
    expect(await (await fetch(`${api.url}/notes/${note.id}`)).json()).toMatchObject({
      body: 'new',
      version: 2,
    });

    const stale = await patch(note.id, { title: 'Lost update' }, { 'if-match': '"1"' });
    await expectError(stale, 412, 'PRECONDITION_FAILED', /no longer at version 1/);
    // Without If-Match the last write wins.
    expect((await patch(note.id, { title: 'Final' })).status).toBe(200);
    expect(await (await fetch(`${api.url}/notes/${note.id}`)).json()).toMatchObject({
      title: 'Final',
      body: 'new',
      version: 3,
    });
  });

  it('refuses bad PATCH requests with 400, writing nothing', async () => {
    const note = await createNote('Patch target');
    const before = await snapshot();
    await expectError(await patch(note.id, '{"title"'), 400, 'MALFORMED_JSON');
    await expectError(await patch(note.id, {}), 400, 'VALIDATION', /Nothing to update/);
    await expectError(await patch(note.id, { version: 9, id: 'x' }), 400, 'VALIDATION', /Nothing to update/);
    const empty = await expectError(await patch(note.id, { title: '   ' }), 400, 'VALIDATION');
    expect(empty).toMatchObject({ issues: [{ path: 'title' }] });
    await expectError(
      await patch(note.id, { title: 'x' }, { 'if-match': 'abc' }),
      400,
      'VALIDATION',
      /If-Match/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('deletes a note and its attachment in one transaction (204), then answers 404', async () => {
    const note = await createNote('Short-lived');
    const put = await fetch(`${api.url}/notes/${note.id}/attachment/gone.txt`, {
      method: 'PUT',
      body: 'bye',
    });
    expect(put.status).toBe(200);
    const key = `notes/${note.id}/gone.txt`;
    expect(await backends.stowage.objects.exists(key)).toBe(true);
    const removed = await fetch(`${api.url}/notes/${note.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(await backends.stowage.objects.exists(key)).toBe(false);
    expect(await backends.stowage.repository(Note).findById(note.id)).toBeNull();
    await expectError(await fetch(`${api.url}/notes/${note.id}`), 404, 'NOT_FOUND');
    await expectError(await fetch(`${api.url}/notes/${note.id}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it('uploads an attachment in one transaction with the note and streams it back', async () => {
    const note = await createNote('With attachment');
    const text = 'Hello, attachment!\n';
    const put = await fetch(`${api.url}/notes/${note.id}/attachment/hello.txt`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: text,
    });
    expect(put.status).toBe(200);
    const result = (await put.json()) as { note: Note; attachment: { size: number; md5: string } };
    expect(result.note).toMatchObject({ attachmentKey: `notes/${note.id}/hello.txt`, version: 2 });
    expect(result.attachment).toMatchObject({
      size: text.length,
      md5: createHash('md5').update(text).digest('hex'),
    });
    // The cached row was invalidated by the commit: GET shows the new key.
    expect(((await (await fetch(`${api.url}/notes/${note.id}`)).json()) as Note).attachmentKey).toBe(
      `notes/${note.id}/hello.txt`,
    );
    // S3 and GCS answer with a redirect to a signed URL, local files with the bytes.
    const signs = backends.stowage.objects.backend !== 'local-fs';
    const link = await fetch(`${api.url}/notes/${note.id}/attachment`, { redirect: 'manual' });
    expect(link.status).toBe(signs ? 302 : 200);
    const get = await fetch(`${api.url}/notes/${note.id}/attachment`);
    expect(get.status).toBe(200);
    expect(get.redirected).toBe(signs);
    expect(get.headers.get('content-type')).toBe('text/plain');
    expect(await get.text()).toBe(text);
    // ?download=stream: the bytes through the app, on every store.
    const streamed = await fetch(`${api.url}/notes/${note.id}/attachment?download=stream`);
    expect(streamed.redirected).toBe(false);
    expect(streamed.headers.get('content-disposition')).toContain('hello.txt');
    expect(await streamed.text()).toBe(text);

    // A new name replaces the attachment: the old object goes in the same transaction.
    const again = await fetch(`${api.url}/notes/${note.id}/attachment/other.bin`, {
      method: 'PUT',
      body: 'x',
    });
    expect(again.status).toBe(200);
    expect(await backends.stowage.objects.exists(`notes/${note.id}/hello.txt`)).toBe(false);
    expect(await (await fetch(`${api.url}/notes/${note.id}/attachment`)).text()).toBe('x');
  });

  it('round-trips a 20 MiB attachment byte for byte with ATTACHMENT_MAX_BYTES raised', async () => {
    const note = await createNote('Big one');
    const bytes = randomBytes(20 * MiB);
    const put = await fetch(`${bigApi.url}/notes/${note.id}/attachment/big.bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(put.status).toBe(200);
    for (const query of ['', '?download=stream']) {
      const get = await fetch(`${bigApi.url}/notes/${note.id}/attachment${query}`);
      expect(get.status).toBe(200);
      expect(get.headers.get('content-length')).toBe(String(bytes.length));
      expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it('refuses malformed JSON and invalid fields with 400, writing nothing', async () => {
    const before = await snapshot();
    await expectError(
      await fetch(`${api.url}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title": ',
      }),
      400,
      'MALFORMED_JSON',
    );
    await expectError(await fetch(`${api.url}/notes`, json([1, 2])), 400, 'VALIDATION', /JSON object/);
    const missing = await expectError(
      await fetch(`${api.url}/notes`, json({ body: 'no title' })),
      400,
      'VALIDATION',
    );
    expect(missing).toMatchObject({ issues: [{ path: 'title' }] });
    const long = await expectError(
      await fetch(`${api.url}/notes`, json({ title: 'x'.repeat(201), body: 5 })),
      400,
      'VALIDATION',
    );
    expect((long as unknown as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'body',
      'title',
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for an unknown note, on every route, writing nothing', async () => {
    const before = await snapshot();
    const unknown = '5b1e7c8e-2a44-4c1f-9d7e-0c3f3c1d2e4f';
    await expectError(await fetch(`${api.url}/notes/${unknown}`), 404, 'NOT_FOUND', /not found/);
    await expectError(await fetch(`${api.url}/notes/not-a-uuid`), 404, 'NOT_FOUND');
    await expectError(await patch(unknown, { title: 'x' }), 404, 'NOT_FOUND');
    await expectError(await fetch(`${api.url}/notes/${unknown}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    await expectError(
      await fetch(`${api.url}/notes/${unknown}/attachment/a.txt`, { method: 'PUT', body: 'data' }),
      404,
      'NOT_FOUND',
    );
    await expectError(await fetch(`${api.url}/notes/${unknown}/attachment`), 404, 'NOT_FOUND');
    await expectError(
      await fetch(`${api.url}/notes/${created[0]}/attachment`),
      404,
      'NOT_FOUND',
      /no attachment/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses path traversal and other invalid attachment names with 400, writing nothing', async () => {
    const note = await createNote('Target');
    const before = await snapshot();
    // (A bare `..` never reaches the server: URL parsing resolves it in the client.)
    for (const name of ['..%2F..%2Fetc', '..%5Cwin.ini', '.hidden', 'a%00b', 'x'.repeat(201)]) {
      const response = await fetch(`${api.url}/notes/${note.id}/attachment/${name}`, {
        method: 'PUT',
        body: 'evil',
      });
      await expectError(response, 400, 'INVALID_NAME', /Invalid attachment name/).catch((error: Error) => {
        throw new Error(`${name}: ${error.message}`);
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an attachment over the limit with 413, declared or discovered while streaming, writing nothing', async () => {
    const note = await createNote('Too big');
    const before = await snapshot();
    // Content-Length says 11 MiB: refused before the body is read.
    const declared = await fetch(`${api.url}/notes/${note.id}/attachment/big.bin`, {
      method: 'PUT',
      body: Buffer.alloc(11 * MiB),
    });
    await expectError(declared, 413, 'TOO_LARGE', /10485760 bytes/);
    // Chunked, no length: refused once the 10 MiB + 1st byte streams through.
    const streamed = await fetch(`${api.url}/notes/${note.id}/attachment/big.bin`, {
      method: 'PUT',
      body: chunked(11 * MiB),
      duplex: 'half',
    } as RequestInit);
    await expectError(streamed, 413, 'TOO_LARGE');
    expect(await snapshot()).toEqual(before);
    // The note still takes an attachment within the limit afterwards.
    const ok = await fetch(`${api.url}/notes/${note.id}/attachment/small.bin`, {
      method: 'PUT',
      body: chunked(MiB),
      duplex: 'half',
    } as RequestInit);
    expect(ok.status).toBe(200);
  });
});
