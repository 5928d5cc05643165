// Reading and writing the few S3 XML documents the store handles itself. Listings are parsed
// here rather than by the SDK because the SDK's XML parser turns values that look like numbers
// into numbers: a key "007" or "1.50" would come back as "7" or "1.5". With encoding-type=url
// every key is percent-encoded, so the documents hold no markup inside values to worry about.
import { S3Error } from 'minio';

export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function tag(xml: string, name: string): string | undefined {
  const value = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return value === undefined ? undefined : unescapeXml(value);
}

function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1] as string);
}

/** S3 may answer 200 and report the failure in the body (CompleteMultipartUpload, CopyObject). */
export function throwIfErrorDocument(xml: string): void {
  const error = /<Error>([\s\S]*?)<\/Error>/.exec(xml)?.[1];
  if (error === undefined) return;
  throw s3Failure(tag(error, 'Code') ?? '', tag(error, 'Message') ?? 'the request failed');
}

/** An SDK-shaped S3 error, for failures the store reads out of a document itself. */
export function s3Failure(code: string, message: string): S3Error {
  const failure = new S3Error(message);
  (failure as { code?: string }).code = code;
  return failure;
}

export interface ListedObjects {
  keys: string[];
  prefixes: string[];
  truncated: boolean;
  nextToken: string | undefined;
}

export function parseListObjectsV2(xml: string): ListedObjects {
  const urlEncoded = tag(xml, 'EncodingType') === 'url';
  // URL encoding as S3 does it: a space may be "+", a literal "+" is "%2B".
  const decode = (value: string) => (urlEncoded ? decodeURIComponent(value.replace(/\+/g, ' ')) : value);
  const keys = all(xml, 'Contents').map((entry) => decode(tag(entry, 'Key') ?? ''));
  const prefixes = all(xml, 'CommonPrefixes').map((entry) => decode(tag(entry, 'Prefix') ?? ''));
  return {
    keys,
    prefixes,
    truncated: tag(xml, 'IsTruncated') === 'true',
    nextToken: tag(xml, 'NextContinuationToken') || undefined,
  };
}

export interface DeleteFailure {
  key: string;
  code: string;
}

/** The per-key failures a quiet DeleteObjects answer lists. */
export function parseDeleteErrors(xml: string): DeleteFailure[] {
  return all(xml, 'Error').map((entry) => ({ key: tag(entry, 'Key') ?? '', code: tag(entry, 'Code') ?? '' }));
}
