// Reads a multipart/form-data POST (an HTML-form / policy upload): the text fields before the
// `file` field, then the file's bytes streamed into a BlobWriter while hashed. As on the service,
// the file must be the last field; anything after it is ignored.
import type { IncomingMessage } from 'node:http';
import type { BlobWriter } from './blob-writer.ts';
import { ChecksumAccumulator, type Checksums } from './checksums.ts';
import { readMultipart } from './multipart-related.ts';
import type { StoredBlob } from './stored-blob.ts';
import { invalidArgument } from './v4-credential.ts';

const FIELD_LIMIT = 64 * 1024;

export interface FormUpload {
  /** Field names lowercased (form field names are case-insensitive), in form order. */
  readonly fields: ReadonlyMap<string, string>;
  readonly file:
    | {
        readonly filename: string | undefined;
        readonly contentType: string | undefined;
        readonly blob: StoredBlob;
        readonly checksums: Checksums;
      }
    | undefined;
}

function dispositionParameter(disposition: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(
    disposition,
  );
  const value = match?.[1] ?? match?.[2];
  // Browsers and fetch's FormData percent-encode quotes and line breaks in names.
  return value?.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/\\(.)/g, '$1');
}

export async function readFormUpload(
  req: IncomingMessage,
  boundary: string,
  writer: BlobWriter,
): Promise<FormUpload> {
  const fields = new Map<string, string>();
  const hash = new ChecksumAccumulator();
  let file: { filename: string | undefined; contentType: string | undefined } | undefined;
  let done = false;
  try {
    await readMultipart(req as AsyncIterable<Buffer>, boundary, (_index, headers) => {
      const disposition = headers.get('content-disposition') ?? '';
      const name = dispositionParameter(disposition, 'name')?.toLowerCase();
      if (done || name === undefined) return { write: () => {} };
      if (name === 'file') {
        done = true;
        file = {
          filename: dispositionParameter(disposition, 'filename'),
          contentType: headers.get('content-type'),
        };
        return {
          write: (chunk) => {
            hash.update(chunk);
            return writer.append(chunk);
          },
        };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      fields.set(name, ''); // an empty value gets no write at all
      return {
        write: (chunk) => {
          size += chunk.length;
          if (size > FIELD_LIMIT) throw invalidArgument(`Form field ${name} is too large.`);
          chunks.push(chunk);
          fields.set(name, Buffer.concat(chunks).toString('utf8'));
        },
      };
    });
  } catch (error) {
    await writer.discard();
    throw error;
  }
  if (file === undefined) {
    await writer.discard();
    return { fields, file: undefined };
  }
  const found: { filename: string | undefined; contentType: string | undefined } = file;
  return { fields, file: { ...found, blob: await writer.seal(), checksums: hash.digest() } };
}
