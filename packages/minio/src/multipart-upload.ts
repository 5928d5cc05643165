// One multipart upload: CreateMultipartUpload, parts streamed with one in flight while the next
// is read (memory stays at two parts whatever the size), CompleteMultipartUpload. If the source
// or S3 fails, the upload is aborted by its own id (not removeIncompleteUpload, which would also
// abort other writers' uploads to the key), so nothing of it remains.
import { createHash } from 'node:crypto';
import { type Logger, ValidationError } from '@stowage/core';
import { SourceFailure } from '@stowage/core/adapter';
import { encodeQueryValue } from './key-path.ts';
import { bareEtag } from './object-headers.ts';
import { discard, readText, type S3Connection } from './s3-connection.ts';
import { s3Code } from './s3-errors.ts';
import { throwIfErrorDocument, unescapeXml } from './s3-xml.ts';

/** S3's limit on parts per upload. */
const MAX_PARTS = 10_000;

export interface UploadedPart {
  part: number;
  etag: string;
}

export async function nextPart(parts: AsyncIterator<Buffer>): Promise<Buffer | undefined> {
  try {
    const step = await parts.next();
    return step.done ? undefined : step.value;
  } catch (error) {
    throw new SourceFailure(error);
  }
}

function tooLarge(partSize: number): ValidationError {
  const limit = `${MAX_PARTS} parts of ${partSize} bytes`;
  return new ValidationError(`body: larger than ${limit}; create the store with a larger partSize`, [
    { path: 'body', message: `at most ${limit}` },
  ]);
}

export class MultipartUpload {
  readonly key: string;
  private readonly connection: S3Connection;
  private readonly logger: Logger | undefined;
  private readonly query: string;

  private constructor(connection: S3Connection, key: string, uploadId: string, logger: Logger | undefined) {
    this.connection = connection;
    this.key = key;
    this.logger = logger;
    this.query = `uploadId=${encodeQueryValue(uploadId)}`;
  }

  /** Starts an upload whose object will have the attributes in `headers`. */
  static async start(
    connection: S3Connection,
    key: string,
    headers: Record<string, string>,
    logger: Logger | undefined,
  ): Promise<MultipartUpload> {
    const res = await connection.send({ method: 'POST', key, query: 'uploads', headers }, '', [200]);
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(await readText(res))?.[1];
    if (!id) throw new Error('CreateMultipartUpload answered without an UploadId');
    return new MultipartUpload(connection, key, unescapeXml(id), logger);
  }

  /** Sends one part (a request of `headers` and `data`) and returns its number and ETag. */
  async sendPart(part: number, data: Buffer | '', headers: Record<string, string>): Promise<UploadedPart> {
    const res = await this.connection.send(
      { method: 'PUT', key: this.key, query: `partNumber=${part}&${this.query}`, headers },
      data,
      [200],
    );
    // UploadPartCopy answers with XML that may report a failure; UploadPart with an ETag header.
    const text = await readText(res);
    throwIfErrorDocument(text);
    const etag =
      bareEtag(res.headers.etag) ??
      bareEtag(/<ETag>([^<]+)<\/ETag>/.exec(text)?.[1]?.replaceAll('&quot;', '"'));
    if (!etag) throw new Error(`part ${part} answered without an ETag`);
    return { part, etag };
  }

  /**
   * Streams `head` and then `rest` as parts, returning the parts and the body's MD5 and size.
   * `spare` gets back each part buffer once its request has been sent.
   */
  async streamParts(
    head: Buffer[],
    rest: AsyncIterator<Buffer>,
    spare: Buffer[],
  ): Promise<{ parts: UploadedPart[]; md5: string; size: number }> {
    const whole = createHash('md5');
    const parts: UploadedPart[] = [];
    let size = 0;
    let inflight: Promise<UploadedPart> | undefined;
    const send = async (data: Buffer, part: number) => {
      const md5 = createHash('md5').update(data).digest('base64');
      const sent = await this.sendPart(part, data, { 'content-md5': md5 });
      // The request has been sent whole: its buffer can carry a later part.
      spare.push(data);
      return sent;
    };
    try {
      let data: Buffer | undefined = head.shift();
      for (let part = 1; data !== undefined; part++) {
        if (part > MAX_PARTS) throw tooLarge(this.connection.options.partSize);
        whole.update(data);
        size += data.length;
        if (inflight) parts.push(await inflight);
        inflight = send(data, part);
        // Awaited above or in the finally; this stops an "unhandled rejection" meanwhile.
        inflight.catch(() => {});
        data = head.shift() ?? (await nextPart(rest));
      }
      if (inflight) parts.push(await inflight);
      inflight = undefined;
    } finally {
      await inflight?.catch(() => {});
    }
    return { parts, md5: whole.digest('hex'), size };
  }

  /** Completes the upload; with `ifNotExists`, only if no object exists at the key (where enforced). */
  async complete(parts: readonly UploadedPart[], ifNotExists: boolean): Promise<void> {
    const xml =
      '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      parts.map((p) => `<Part><PartNumber>${p.part}</PartNumber><ETag>"${p.etag}"</ETag></Part>`).join('') +
      '</CompleteMultipartUpload>';
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (ifNotExists) headers['if-none-match'] = '*';
    const res = await this.connection.send(
      { method: 'POST', key: this.key, query: this.query, headers },
      xml,
      [200],
    );
    // S3 may answer 200 and still report a failure in the body.
    throwIfErrorDocument(await readText(res));
  }

  /** Aborts the upload; a failure is logged, since the caller reports the upload's own error. */
  async abort(): Promise<void> {
    try {
      discard(
        await this.connection.send({ method: 'DELETE', key: this.key, query: this.query }, '', [200, 204]),
      );
    } catch (error) {
      if (s3Code(error) === 'NoSuchUpload') return;
      this.logger?.warn(
        'minio: could not abort a failed multipart upload; its parts stay until a lifecycle rule removes them',
        {
          key: this.key,
          error:
            error instanceof Error
              ? `${error.name}: ${(error as { code?: unknown }).code ?? ''}`
              : String(error),
        },
      );
    }
  }
}
