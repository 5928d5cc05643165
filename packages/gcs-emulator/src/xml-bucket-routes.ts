// XML-API bucket paths: GET/HEAD /{bucket} lists objects (signed URL or not) and POST /{bucket}
// or POST / takes an HTML-form policy upload. Errors are XML documents.
import type { EmulatorContext } from './context.ts';
import { type Exchange, header, sendEmpty } from './exchange.ts';
import { readFormUpload } from './form-data-body.ts';
import { xmlEtag, xmlWriteHeaders } from './media-download.ts';
import { boundaryOf } from './multipart-related.ts';
import { bucketOfForm, verifyPostPolicy } from './post-policy.ts';
import type { ObjectRecord } from './records.ts';
import { isSignedUrl, verifySignedUrl } from './signed-url.ts';
import { validateObjectName } from './store.ts';
import { invalidArgument } from './v4-credential.ts';
import { escapeXmlText, toXmlError, XmlError } from './xml-error.ts';
import { sendXmlListing } from './xml-listing.ts';

const SUCCESS_STATUSES = new Set(['200', '201', '204']);
/** The literal placeholder in a form's key that the service replaces with the file's name. */
const FILENAME_PLACEHOLDER = `\${filename}`;

export async function handleXmlBucket(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string | undefined,
): Promise<void> {
  try {
    if (exchange.method === 'POST') return await formUpload(context, exchange, bucket);
    if (bucket !== undefined && (exchange.method === 'GET' || exchange.method === 'HEAD')) {
      if (isSignedUrl(exchange.query)) verifySignedUrl(exchange, context.signingKeys);
      context.store.requireBucket(bucket);
      return sendXmlListing(context, exchange, bucket);
    }
  } catch (error) {
    throw toXmlError(error, bucket ?? '');
  }
  throw new XmlError(405, 'MethodNotAllowed', `The ${exchange.method} method is not supported on this path.`);
}

async function formUpload(context: EmulatorContext, exchange: Exchange, pathBucket: string | undefined) {
  const { store } = context;
  const contentType = header(exchange, 'content-type') ?? '';
  const boundary = /^multipart\/form-data/i.test(contentType) ? boundaryOf(contentType) : undefined;
  if (boundary === undefined) throw invalidArgument('POST requires a multipart/form-data body.');
  const { fields, file } = await readFormUpload(exchange.req, boundary, await store.newWriter());
  if (file === undefined) {
    throw invalidArgument('The form has no file field (it must be the last field).');
  }
  let record: ObjectRecord;
  try {
    const bucket = pathBucket ?? bucketOfForm(fields);
    if (bucket === undefined) throw invalidArgument('The form does not name a bucket.');
    const rawKey = fields.get('key');
    if (rawKey === undefined || rawKey === '') throw invalidArgument('Missing key.');
    const key = rawKey.replaceAll(FILENAME_PLACEHOLDER, file.filename ?? '');
    verifyPostPolicy({
      fields,
      bucket,
      key,
      size: file.blob.size,
      keys: context.signingKeys,
      now: Date.now(),
    });
    validateObjectName(key);
    store.requireBucket(bucket);
    const metadata: Record<string, string> = {};
    for (const [name, value] of fields) if (name.startsWith('x-goog-meta-')) metadata[name.slice(12)] = value;
    record = await store.commitObject(
      {
        bucket,
        name: key,
        attributes: {
          contentType: fields.get('content-type') ?? file.contentType,
          cacheControl: fields.get('cache-control'),
          contentDisposition: fields.get('content-disposition'),
          contentEncoding: fields.get('content-encoding'),
          contentLanguage: fields.get('content-language'),
          metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
        },
        blob: file.blob,
        md5Hash: file.checksums.md5Hash,
        crc32c: file.checksums.crc32c,
      },
      {},
    );
  } catch (error) {
    // commitObject releases the blob itself when it refuses; earlier refusals release it here.
    await store.discard(file.blob).catch(() => {});
    throw toXmlError(error, pathBucket ?? '', fields.get('key'));
  }
  respond(exchange, fields, record);
}

function redirectTarget(redirect: string | undefined, record: ObjectRecord): string | undefined {
  if (redirect === undefined || !URL.canParse(redirect)) return undefined;
  const target = new URL(redirect);
  target.searchParams.set('bucket', record.bucket);
  target.searchParams.set('key', record.name);
  target.searchParams.set('etag', xmlEtag(record));
  return target.toString();
}

function respond(exchange: Exchange, fields: ReadonlyMap<string, string>, record: ObjectRecord): void {
  const headers = xmlWriteHeaders(record);
  const location = redirectTarget(fields.get('success_action_redirect'), record);
  if (location !== undefined) {
    sendEmpty(exchange.res, 303, { ...headers, location });
    return;
  }
  const status = fields.get('success_action_status') ?? '204';
  if (!SUCCESS_STATUSES.has(status) || status === '204') {
    sendEmpty(exchange.res, 204, headers);
    return;
  }
  const objectUrl = `${exchange.baseUrl}/${record.bucket}/${encodeURIComponent(record.name)}`;
  const body =
    status === '201'
      ? `<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${escapeXmlText(objectUrl)}</Location><Bucket>${escapeXmlText(record.bucket)}</Bucket><Key>${escapeXmlText(record.name)}</Key><ETag>${escapeXmlText(xmlEtag(record))}</ETag></PostResponse>`
      : '';
  exchange.res.writeHead(Number(status), {
    ...headers,
    'content-type': 'application/xml; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  exchange.res.end(body);
}
