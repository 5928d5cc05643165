// The XML-API paths /{bucket}/{object} that signed URLs point at: GET/HEAD download, PUT upload,
// DELETE. Errors are XML documents as on storage.googleapis.com.
import type { EmulatorContext } from './context.ts';
import { type Exchange, header, sendEmpty } from './exchange.ts';
import { sendMedia, xmlWriteHeaders } from './media-download.ts';
import { type Preconditions, parseInteger } from './preconditions.ts';
import { receiveBlob } from './receive-body.ts';
import { signedResponseHeaders } from './signed-url.ts';
import { toXmlError, XmlError } from './xml-error.ts';

function xmlPreconditions(exchange: Exchange): Preconditions {
  return {
    ifGenerationMatch: parseInteger(
      'x-goog-if-generation-match',
      header(exchange, 'x-goog-if-generation-match'),
    ),
    ifMetagenerationMatch: parseInteger(
      'x-goog-if-metageneration-match',
      header(exchange, 'x-goog-if-metageneration-match'),
    ),
  };
}

export async function handleXmlObject(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  name: string,
): Promise<void> {
  try {
    await dispatch(context, exchange, bucket, name);
  } catch (error) {
    throw toXmlError(error, bucket, name);
  }
}

async function dispatch(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  name: string,
): Promise<void> {
  const { store } = context;
  switch (exchange.method) {
    case 'GET':
    case 'HEAD': {
      const record = store.requireObject(
        bucket,
        name,
        parseInteger('generation', exchange.query.get('generation')),
      );
      await sendMedia(exchange, record, { xml: true, overrides: signedResponseHeaders(exchange.query) });
      return;
    }
    case 'PUT': {
      store.requireBucket(bucket);
      const { blob, checksums } = await receiveBlob(exchange.req, await store.newWriter());
      const contentMd5 = header(exchange, 'content-md5');
      if (contentMd5 !== undefined && contentMd5 !== checksums.md5Hash) {
        await store.discard(blob);
        throw new XmlError(
          400,
          'BadDigest',
          'The Content-MD5 you specified did not match what was received.',
        );
      }
      const metadata: Record<string, string> = {};
      for (const [key, value] of Object.entries(exchange.req.headers)) {
        if (key.startsWith('x-goog-meta-') && typeof value === 'string') metadata[key.slice(12)] = value;
      }
      const record = await store.commitObject(
        {
          bucket,
          name,
          attributes: {
            contentType: header(exchange, 'content-type'),
            cacheControl: header(exchange, 'cache-control'),
            contentDisposition: header(exchange, 'content-disposition'),
            contentEncoding: header(exchange, 'content-encoding'),
            contentLanguage: header(exchange, 'content-language'),
            metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
          },
          blob,
          md5Hash: checksums.md5Hash,
          crc32c: checksums.crc32c,
        },
        xmlPreconditions(exchange),
      );
      sendEmpty(exchange.res, 200, xmlWriteHeaders(record));
      return;
    }
    case 'DELETE':
      await store.deleteObject(
        bucket,
        name,
        parseInteger('generation', exchange.query.get('generation')),
        xmlPreconditions(exchange),
      );
      sendEmpty(exchange.res, 204);
      return;
    default:
      throw new XmlError(
        405,
        'MethodNotAllowed',
        `The ${exchange.method} method is not supported on this path.`,
      );
  }
}
