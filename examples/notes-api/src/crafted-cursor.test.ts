// GET /notes?cursor=… takes whatever the client sends. A cursor this listing did not issue —
// crafted in the repository's format (base64url JSON of createdAt and id) with values of the
// wrong type or an operator object, issued by a listing in another order (a stale link from an
// older page), or garbage — is a 400 with a VALIDATION body, never a 500 or a page of rows. A
// cursor the listing issued keeps working even after its row is deleted. On the embedded
// defaults (SQLite, memory cache, local files); the repository suites check the rule on every
// database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { Note } from './entities.ts';
import { type OpenedBackends, openEmbedded, quiet } from './test-backends.test-support.ts';

const encoded = (json: string) => Buffer.from(json, 'utf8').toString('base64url');
const values = (...items: unknown[]) => encoded(JSON.stringify(items));
const ID = randomUUID();
const WHEN = '2024-01-01T00:00:00.000Z';

const crafted: [string, string][] = [
  ['a string that is no date for createdAt', values('not a date', ID)],
  ['an operator object for createdAt', values({ $gt: null }, ID)],
  ['a number for createdAt', values(1e308, ID)],
  ['SQL for the id', values(WHEN, "' OR 1=1 -- ")],
  ['an operator object for the id', values(WHEN, { $ne: null })],
  ['too many values', values(WHEN, ID, 3)],
  ['base64url of text that is not JSON', encoded('{{{ not json')],
  ['an 8 KB value', values('x'.repeat(6_000), ID)],
];

describe('GET /notes with a cursor it did not issue', () => {
  let backends: OpenedBackends;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    backends = await openEmbedded();
    app = createApp(backends.stowage, { logger: quiet });
    for (const title of ['one', 'two', 'three', 'four']) {
      await backends.stowage.repository(Note).create({ title, body: `body of ${title}` });
    }
  });
  afterAll(async () => {
    await backends?.close();
  });

  const list = (cursor: string) => app.request(`/notes?limit=2&cursor=${encodeURIComponent(cursor)}`);

  const expectRefused = async (response: Response) => {
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toMatch(/cursor/);
  };

  it.each(crafted)('refuses %s with 400 VALIDATION', async (_label, cursor) => {
    await expectRefused(await list(cursor));
  });

  it.each([
    ['oldest first', { createdAt: 'asc' }],
    ['by title', { title: 'asc' }],
  ] as const)('refuses with 400 VALIDATION a cursor of a listing ordered %s', async (_label, orderBy) => {
    const page = await backends.stowage.repository(Note).findPage({}, { limit: 2, orderBy });
    expect(page.nextCursor).toBeDefined();
    await expectRefused(await list(page.nextCursor ?? ''));
  });

  it('continues with a cursor it issued, even once the cursor row is deleted', async () => {
    const first = (await (await app.request('/notes?limit=2')).json()) as {
      items: Note[];
      nextCursor?: string;
    };
    expect(first.nextCursor).toBeDefined();
    const last = first.items.at(-1);
    if (last) await backends.stowage.repository(Note).delete(last.id);
    const response = await list(first.nextCursor ?? '');
    expect(response.status).toBe(200);
    const next = (await response.json()) as { items: Note[] };
    expect(next.items).toHaveLength(2);
    expect(next.items.map((note) => note.id)).not.toContain(last?.id);
  });
});
