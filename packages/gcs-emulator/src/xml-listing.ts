// GET /{bucket} on the XML API (what `bucket.getSignedUrl({ action: 'list' })` points at): a
// ListBucketResult document with prefix, delimiter, marker and max-keys, or with list-type=2
// continuation-token / start-after; encoding-type=url URL-encodes the names.
import type { EmulatorContext } from './context.ts';
import type { Exchange } from './exchange.ts';
import { type ListQuery, listEntries, type Resume } from './list-names.ts';
import { xmlEtag } from './media-download.ts';
import { parseInteger } from './preconditions.ts';
import type { ObjectRecord } from './records.ts';
import { invalidArgument } from './v4-credential.ts';
import { escapeXmlText } from './xml-error.ts';

const MAX_KEYS = 1000;

function element(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXmlText(String(value))}</${name}>`;
}

function resumeAfter(marker: string, delimiter: string | undefined): Resume {
  // A marker that is a common prefix (as NextMarker can be) skips everything under it.
  return { after: marker, skipUnder: delimiter !== undefined && marker.endsWith(delimiter) };
}

function continuationToken(resume: Resume): string {
  return Buffer.from(JSON.stringify([resume.after, resume.skipUnder ? 1 : 0])).toString('base64url');
}

function fromContinuationToken(token: string): Resume {
  try {
    const [after, skip] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof after === 'string') return { after, skipUnder: skip === 1 };
  } catch {}
  throw invalidArgument('Invalid continuation-token.');
}

export function sendXmlListing(context: EmulatorContext, exchange: Exchange, bucket: string): void {
  const { query } = exchange;
  const sorted = context.store.sortedNames(bucket);
  const maxKeys = parseInteger('max-keys', query.get('max-keys'));
  const delimiter = query.get('delimiter') || undefined;
  const prefix = query.get('prefix') ?? '';
  const v2 = query.get('list-type') === '2';
  const urlEncoded = query.get('encoding-type') === 'url';
  const encode = (name: string): string => (urlEncoded ? encodeURIComponent(name) : name);
  let resume: Resume | undefined;
  if (v2) {
    const token = query.get('continuation-token');
    const startAfter = query.get('start-after');
    if (token) resume = fromContinuationToken(token);
    else if (startAfter) resume = resumeAfter(startAfter, delimiter);
  } else {
    const marker = query.get('marker');
    if (marker) resume = resumeAfter(marker, delimiter);
  }
  const listQuery: ListQuery = {
    prefix,
    delimiter,
    startOffset: undefined,
    endOffset: undefined,
    includeTrailingDelimiter: false,
    maxResults: maxKeys === undefined || maxKeys <= 0 ? MAX_KEYS : Math.min(maxKeys, MAX_KEYS),
    pageToken: undefined,
    glob: undefined,
    resume,
  };
  const page = listEntries(sorted, listQuery);
  const records = page.entries.flatMap((name) => {
    const record = context.store.getObject(bucket, name);
    return record === undefined ? [] : [record];
  });
  let body = `<?xml version='1.0' encoding='UTF-8'?><ListBucketResult xmlns='http://doc.s3.amazonaws.com/2006-03-01'>`;
  body += element('Name', bucket) + element('Prefix', encode(prefix));
  if (v2) {
    const token = query.get('continuation-token');
    if (token) body += element('ContinuationToken', token);
    const startAfter = query.get('start-after');
    if (startAfter) body += element('StartAfter', encode(startAfter));
    body += element('KeyCount', records.length + page.prefixes.length);
  } else {
    body += element('Marker', encode(query.get('marker') ?? ''));
  }
  if (delimiter !== undefined) body += element('Delimiter', delimiter);
  body += element('IsTruncated', page.next !== undefined);
  if (page.next !== undefined) {
    body += v2
      ? element('NextContinuationToken', continuationToken(page.next))
      : element('NextMarker', encode(page.next.after));
  }
  for (const record of records) body += contents(record, encode);
  for (const group of page.prefixes)
    body += `<CommonPrefixes>${element('Prefix', encode(group))}</CommonPrefixes>`;
  body += '</ListBucketResult>';
  exchange.res.writeHead(200, {
    'content-type': 'application/xml; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  exchange.res.end(exchange.method === 'HEAD' ? undefined : body);
}

function contents(record: ObjectRecord, encode: (name: string) => string): string {
  return `<Contents>${[
    element('Key', encode(record.name)),
    element('Generation', record.generation),
    element('MetaGeneration', record.metageneration),
    element('LastModified', record.updated),
    element('ETag', xmlEtag(record)),
    element('Size', record.size),
    element('StorageClass', record.storageClass ?? 'STANDARD'),
  ].join('')}</Contents>`;
}
