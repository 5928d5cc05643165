// Slow uploads must not hold database connections: twice the pool size of attachment uploads,
// each body arriving one byte every 200 ms, while other requests (a write and a read, each
// needing a connection) keep answering quickly. SQLite has one handle (a pool of one, in
// effect); PostgreSQL runs with DB_POOL_MAX=3 here.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Note } from './entities.ts';
import { type ListeningApp, listen } from './listen-app.test-support.ts';
import {
  type OpenedBackends,
  type OpenOptions,
  openEmbedded,
  openPostgresRedisS3,
} from './test-backends.test-support.ts';

const BYTE_EVERY_MS = 200;
const BODY_BYTES = 15; // 3 s per upload
/** Far above a request's normal latency here, far below an upload's 3 s. */
const QUICK_MS = 1_000;

/** A request body that sends one byte every BYTE_EVERY_MS ms. */
function trickle(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    async pull(controller) {
      if (sent === BODY_BYTES) return controller.close();
      await sleep(BYTE_EVERY_MS);
      sent += 1;
      controller.enqueue(new Uint8Array([65]));
    },
  });
}

const suites: [string, (options: OpenOptions) => Promise<OpenedBackends>, number][] = [
  ['embedded SQLite (one handle)', openEmbedded, 1],
  ['PostgreSQL + Redis + S3 with DB_POOL_MAX=3', (o) => openPostgresRedisS3(o), 3],
];

describe.each(suites)('notes API slow uploads on %s', (_name, open, poolSize) => {
  let backends: OpenedBackends;
  let api: ListeningApp;
  beforeAll(async () => {
    backends = await open({ env: { DB_POOL_MAX: String(Math.max(poolSize, 2)) } });
    api = await listen(backends.stowage, {});
  });
  afterAll(async () => {
    await api?.close();
    await backends?.close();
  });

  const post = async (title: string) => {
    const response = await fetch(`${api.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, body: 'x' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Note;
  };

  it(`answers other requests within ${QUICK_MS} ms while ${2 * poolSize} uploads trickle in`, async () => {
    const notes: Note[] = [];
    for (let i = 0; i < 2 * poolSize; i++) notes.push(await post(`slow ${i}`));
    let uploading = true;
    const uploads = Promise.all(
      notes.map(async (note) => {
        const response = await fetch(`${api.url}/notes/${note.id}/attachment/slow.txt`, {
          method: 'PUT',
          body: trickle(),
          duplex: 'half',
        } as RequestInit);
        return [
          response.status,
          ((await response.json()) as { attachment?: { size: number } }).attachment?.size,
        ];
      }),
    ).finally(() => {
      uploading = false;
    });
    await sleep(2 * BYTE_EVERY_MS); // every upload is streaming by now
    const latencies: number[] = [];
    while (uploading) {
      const started = performance.now();
      await post('meanwhile');
      const list = await fetch(`${api.url}/notes?limit=1`);
      expect(list.status).toBe(200);
      await list.arrayBuffer();
      latencies.push(performance.now() - started);
      await sleep(50);
    }
    expect(await uploads).toEqual(notes.map(() => [200, BODY_BYTES]));
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(QUICK_MS);
  });
});
