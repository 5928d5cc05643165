// Downloads through the signed-URL redirect (S3 on Ceph RGW, GCS on the emulator): the store's own
// origin must answer "save this file" and, for a type a browser could run, a harmless type.
import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './content-disposition.ts';
import type { Note } from './entities.ts';
import { serveApi } from './listen-app.test-support.ts';
import {
  type OpenedBackends,
  openMariadbRedisGcs,
  openPostgresRedisS3,
} from './test-backends.test-support.ts';

const suites: [string, () => Promise<OpenedBackends>][] = [
  ['PostgreSQL + Redis + S3 (Ceph RGW)', openPostgresRedisS3],
  ['MariaDB + Redis + GCS (emulator)', openMariadbRedisGcs],
];

describe.each(suites)('attachment downloads on %s', (_name, open) => {
  const served = serveApi(open);

  async function upload(name: string, contentType: string, body: string): Promise<Note> {
    const created = await fetch(`${served.api.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: name, body: 'b' }),
    });
    const note = (await created.json()) as Note;
    const put = await fetch(`${served.api.url}/notes/${note.id}/attachment/${encodeURIComponent(name)}`, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body,
    });
    expect(put.status).toBe(200);
    return note;
  }

  it('redirects to the store, which serves text/html as an octet-stream attachment', async () => {
    const name = 'report_v2.html';
    const note = await upload(name, 'text/html; charset=utf-8', '<script>alert(1)</script>');
    const link = await fetch(`${served.api.url}/notes/${note.id}/attachment`, { redirect: 'manual' });
    expect(link.status).toBe(302);
    const location = link.headers.get('location') ?? '';
    expect(new URL(location).origin).not.toBe(new URL(served.api.url).origin);

    // The URL the API answered, fetched as the browser would (a second request to the API would be
    // signed again, in another second, and carry another signature).
    const download = await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(attachmentDisposition(name));
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(await download.text()).toBe('<script>alert(1)</script>');
  });

  it('keeps a safe stored type (image/png), still as an attachment', async () => {
    const note = await upload('pixel.png', 'image/png', 'not really a png');
    const download = await fetch(`${served.api.url}/notes/${note.id}/attachment`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(attachmentDisposition('pixel.png'));
    expect(download.headers.get('content-type')).toBe('image/png');
    await download.arrayBuffer();
  });
});
