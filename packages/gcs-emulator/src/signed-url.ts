// Checks a V4 signed URL (X-Goog-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
// -Signature) the way the XML API does. Always checked: the algorithm, the credential scope, the
// date format, that X-Goog-Date is not in the future (403), expiry (400 ExpiredToken), the 7-day
// limit, that `host` is signed and that every other signed header is present. The RSA signature itself is verified only when the emulator
// holds a key for the credential's client_email (start({ signingKeys })): then a tampered URL or a
// Content-Type other than the signed one answers 403 SignatureDoesNotMatch.
import { createHash, type KeyObject, verify } from 'node:crypto';
import type { Exchange } from './exchange.ts';
import { invalidArgument, parseV4Credential, signatureMismatch, verifyingKey } from './v4-credential.ts';
import { XmlError } from './xml-error.ts';

const SEVEN_DAYS = 7 * 24 * 60 * 60;

export function isSignedUrl(query: URLSearchParams): boolean {
  return query.has('X-Goog-Signature') || query.has('X-Goog-Algorithm');
}

const invalid = invalidArgument;

const RESPONSE_OVERRIDES = [
  ['response-content-disposition', 'content-disposition'],
  ['response-content-type', 'content-type'],
] as const;

/**
 * The headers a signed XML-API GET answers with in place of the stored ones, as the service does
 * for `response-content-disposition` / `response-content-type`. They are query parameters, so
 * verifySignedUrl has already checked them as part of the signature.
 */
export function signedResponseHeaders(query: URLSearchParams): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!isSignedUrl(query)) return headers;
  for (const [parameter, name] of RESPONSE_OVERRIDES) {
    const value = query.get(parameter);
    if (value === null) continue;
    // What Node could not send as a header value is a bad request, not a crash mid-response.
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) throw invalid(`Invalid ${parameter}.`);
    headers[name] = value;
  }
  return headers;
}

function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('Malformed query string.');
  }
}

function canonicalQuery(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const separator = pair.indexOf('=');
      const key = decodeQueryPart(separator < 0 ? pair : pair.slice(0, separator));
      const value = separator < 0 ? '' : decodeQueryPart(pair.slice(separator + 1));
      return [strictEncode(key), strictEncode(value)] as const;
    })
    .filter(([key]) => key !== 'X-Goog-Signature')
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function canonicalValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s{2,}/g, ' ');
}

function expiryText(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function verifySignedUrl(
  exchange: Exchange,
  keys: ReadonlyMap<string, KeyObject>,
  now = Date.now(),
): void {
  const { query, req } = exchange;
  const { algorithm, clientEmail, scope, dateText, signedAt } = parseV4Credential(
    query.get('X-Goog-Algorithm') ?? '',
    query.get('X-Goog-Credential') ?? '',
    query.get('X-Goog-Date') ?? '',
  );
  const expiresText = query.get('X-Goog-Expires') ?? '';
  if (!/^\d+$/.test(expiresText)) throw invalid(`Invalid X-Goog-Expires: ${expiresText}`);
  const expires = Number(expiresText);
  if (expires < 1 || expires > SEVEN_DAYS) {
    throw invalid(`Max allowed expiration interval is seven days ${SEVEN_DAYS}.`);
  }
  if (signedAt > now) {
    // The URL's accessibleAt is still ahead: the service refuses it until then.
    throw new XmlError(
      403,
      'AccessDenied',
      'Access denied.',
      `Request is not yet valid: X-Goog-Date ${dateText} is in the future.`,
    );
  }
  const expiresAt = signedAt + expires * 1000;
  if (now > expiresAt) {
    throw new XmlError(
      400,
      'ExpiredToken',
      'The provided token has expired.',
      `Request signature expired at: ${expiryText(expiresAt)}`,
    );
  }
  const signedHeaders = (query.get('X-Goog-SignedHeaders') ?? '').split(';').filter((name) => name !== '');
  if (!signedHeaders.includes('host')) throw invalid('The host header must be signed.');
  const signature = query.get('X-Goog-Signature') ?? '';
  if (!/^[0-9a-f]+$/i.test(signature)) throw invalid('Invalid X-Goog-Signature.');
  const mismatch = (stringToSign = '', canonicalRequest = ''): XmlError =>
    signatureMismatch(stringToSign, canonicalRequest);
  for (const name of signedHeaders) {
    if (name !== 'host' && req.headers[name] === undefined) throw mismatch();
  }
  const key = verifyingKey(keys, clientEmail);
  if (key === undefined || algorithm !== 'GOOG4-RSA-SHA256') return;

  const rawQuery = (req.url ?? '').split('?').slice(1).join('?');
  const hostHeader = canonicalValue(req.headers.host);
  // Clients sign the host name they were given; some leave the port out (the Node SDK does).
  const hostCandidates = [...new Set([hostHeader, hostHeader.replace(/:\d+$/, '')])];
  let lastTry: { stringToSign: string; canonicalRequest: string } | undefined;
  for (const host of hostCandidates) {
    const headerLines = [...signedHeaders]
      .sort()
      .map((name) => `${name}:${name === 'host' ? host : canonicalValue(req.headers[name])}\n`)
      .join('');
    const canonicalRequest = [
      exchange.method,
      exchange.rawPath,
      canonicalQuery(rawQuery),
      headerLines,
      signedHeaders.join(';'),
      canonicalValue(req.headers['x-goog-content-sha256']) || 'UNSIGNED-PAYLOAD',
    ].join('\n');
    const stringToSign = [
      algorithm,
      dateText,
      scope,
      createHash('sha256').update(canonicalRequest).digest('hex'),
    ].join('\n');
    if (verify('sha256', Buffer.from(stringToSign), key, Buffer.from(signature, 'hex'))) return;
    lastTry = { stringToSign, canonicalRequest };
  }
  throw mismatch(lastTry?.stringToSign, lastTry?.canonicalRequest);
}
