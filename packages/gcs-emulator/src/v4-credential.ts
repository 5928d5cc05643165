// The parts of a V4 signature that signed URLs and POST policy forms share: the algorithm, the
// credential scope (email/date/location/storage/goog4_request), the X-Goog-Date format, the key
// that verifies a client_email's signatures, and the 403 a wrong signature gets.
import type { KeyObject } from 'node:crypto';
import { XmlError } from './xml-error.ts';

const ALGORITHMS = new Set(['GOOG4-RSA-SHA256', 'GOOG4-HMAC-SHA256']);

export interface V4Credential {
  readonly algorithm: string;
  readonly clientEmail: string;
  /** date/location/storage/goog4_request */
  readonly scope: string;
  readonly dateText: string;
  /** X-Goog-Date in epoch milliseconds. */
  readonly signedAt: number;
}

export function invalidArgument(details: string): XmlError {
  return new XmlError(400, 'InvalidArgument', 'Invalid argument.', details);
}

export function parseGoogDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
}

export function parseV4Credential(algorithm: string, credential: string, dateText: string): V4Credential {
  if (!ALGORITHMS.has(algorithm)) throw invalidArgument(`Unsupported X-Goog-Algorithm: ${algorithm}`);
  const parts = credential.split('/');
  if (parts.length < 5 || parts.at(-1) !== 'goog4_request' || parts.at(-2) !== 'storage') {
    throw invalidArgument(`Invalid credential scope: ${credential}`);
  }
  const signedAt = parseGoogDate(dateText);
  if (signedAt === undefined) throw invalidArgument(`Invalid X-Goog-Date: ${dateText}`);
  if (parts.at(-4) !== dateText.slice(0, 8)) {
    throw invalidArgument('The credential date does not match X-Goog-Date.');
  }
  return {
    algorithm,
    clientEmail: parts.slice(0, -4).join('/'),
    scope: parts.slice(-4).join('/'),
    dateText,
    signedAt,
  };
}

/** The key for `clientEmail` (or the "*" key); undefined means signatures are not verified. */
export function verifyingKey(
  keys: ReadonlyMap<string, KeyObject>,
  clientEmail: string,
): KeyObject | undefined {
  return keys.get(clientEmail) ?? keys.get('*');
}

export function signatureMismatch(stringToSign = '', canonicalRequest?: string): XmlError {
  const extra: Record<string, string> = { StringToSign: stringToSign };
  if (canonicalRequest !== undefined) extra.CanonicalRequest = canonicalRequest;
  return new XmlError(
    403,
    'SignatureDoesNotMatch',
    'Access denied.',
    'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.',
    extra,
  );
}
