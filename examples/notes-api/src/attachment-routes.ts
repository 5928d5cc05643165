// A note's attachment: uploaded as the raw request body, streamed (never buffered) into the object
// store inside the same transaction that records its key on the note, and streamed back on GET.
// Either both the object and the row change, or neither does. The body is staged before the
// transaction's first database call, so no database connection is held while it streams.
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { isStowageError, type Stowage } from '@stowage/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from './api-error.ts';
import { attachmentKey, attachmentName } from './attachment-key.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { Note } from './entities.ts';
import { findNote, noteNotFound } from './note-routes.ts';
import { withTags } from './note-tags.ts';
import { sizeLimit } from './size-limit.ts';

/** How long a download link stays valid. */
const SIGNED_URL_SECONDS = 300;

// Types a browser shows without running anything: served as uploaded. Anything else (text/html,
// image/svg+xml, XML, JavaScript...) comes from the store as application/octet-stream, because a
// signed URL cannot add `X-Content-Type-Options: nosniff` to the store's answer.
const SAFE_TYPES = new Set([
  'text/plain',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'application/zip',
  'application/octet-stream',
]);

export function servedContentType(stored: string): string | undefined {
  const essence = stored.split(';')[0]?.trim().toLowerCase() ?? '';
  return SAFE_TYPES.has(essence) ? undefined : 'application/octet-stream';
}

const tooLarge = (max: number) =>
  new ApiError(413, 'TOO_LARGE', `Attachments are limited to ${max} bytes (ATTACHMENT_MAX_BYTES)`);

export function attachmentRoutes(stowage: Stowage, options: { attachmentMaxBytes: number }): Hono {
  const max = options.attachmentMaxBytes;
  const app = new Hono();

  app.put('/:id/attachment/:name', async (c) => {
    const id = c.req.param('id');
    const key = attachmentKey(id, c.req.param('name'));
    // A declared size over the limit is refused before a byte is read.
    if (Number(c.req.header('content-length') ?? 0) > max) throw tooLarge(max);
    if (!z.uuid().safeParse(id).success) throw noteNotFound(id);
    // Refuse an unknown note before reading its body (the transaction checks again).
    await findNote(stowage, id);

    const limit = sizeLimit(max);
    const raw = c.req.raw.body;
    const source = raw ? Readable.fromWeb(raw as NodeReadableStream<Uint8Array>) : Readable.from([]);
    // pipeline() destroys both ends if either fails; put() sees the failure through `upload`.
    const upload = pipeline(source, limit.stream, () => {});
    const contentType = c.req.header('content-type') ?? 'application/octet-stream';
    try {
      const { note, info } = await stowage.transaction(async (tx) => {
        // First, while the transaction holds no connection: the body may arrive slowly.
        const info = await tx.objects.put(key, upload, { contentType });
        const notes = tx.repository(Note);
        const current = await notes.findById(id);
        if (!current) throw noteNotFound(id);
        if (current.attachmentKey && current.attachmentKey !== key) {
          await tx.objects.delete(current.attachmentKey);
        }
        // expectedVersion: a concurrent upload to the same note is a 409, not a lost update.
        const note = await notes.update(id, { attachmentKey: key }, { expectedVersion: current.version });
        return { note, info };
      });
      return c.json({
        note: await withTags(stowage, note),
        attachment: { name: attachmentName(key), size: info.size, contentType, md5: info.checksums.md5 },
      });
    } catch (error) {
      if (limit.exceeded) throw tooLarge(max);
      throw error;
    } finally {
      source.destroy();
    }
  });

  // On S3 and GCS: a redirect to a signed URL valid for SIGNED_URL_SECONDS, so the bytes go from
  // the store to the client without passing through this process. Local files and memory cannot
  // sign (NotSupportedError), and `?download=stream` asks for the bytes here: both stream them.
  app.get('/:id/attachment', async (c) => {
    const note = await findNote(stowage, c.req.param('id'));
    const key = note.attachmentKey;
    if (!key) {
      throw new ApiError(404, 'NOT_FOUND', `Note ${JSON.stringify(note.id)} has no attachment`);
    }
    if (c.req.query('download') !== 'stream') {
      // The store's origin serves the bytes: it must answer "save this" with a harmless type.
      const responseContentType = servedContentType((await stowage.objects.stat(key)).contentType);
      const url = await stowage.objects
        .signedUrl(key, {
          method: 'GET',
          expiresIn: SIGNED_URL_SECONDS,
          responseContentDisposition: attachmentDisposition(attachmentName(key)),
          ...(responseContentType === undefined ? {} : { responseContentType }),
        })
        .catch((error: unknown) => {
          if (isStowageError(error, 'NOT_SUPPORTED')) return undefined;
          throw error;
        });
      if (url) return c.redirect(url, 302);
    }
    const { info, body } = await stowage.objects.get(key);
    return c.body(Readable.toWeb(body) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': info.contentType,
      'Content-Length': String(info.size),
      // Saved, never rendered here: an uploaded text/html cannot run script on this origin.
      'Content-Disposition': attachmentDisposition(attachmentName(key)),
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });

  return app;
}
