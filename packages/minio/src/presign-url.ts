// Presigned URLs (AWS Signature V4, query-string form). Written here rather than taken from the
// SDK because minio's presigner never signs Content-Type (it leaves it out of the signed headers
// on purpose), while a PUT URL must bind the uploader to the content type it was issued for:
// here content-type is a signed header, so S3 refuses an upload that sends another one.
import { createHash, createHmac } from 'node:crypto';
import { encodeKeyPath, encodeQueryValue } from './key-path.ts';

export interface PresignRequest {
  method: 'GET' | 'PUT';
  host: string;
  port: number;
  useSSL: boolean;
  pathStyle: boolean;
  bucket: string;
  key: string;
  region: string;
  accessKey: string;
  secretKey: string;
  sessionToken?: string | undefined;
  /** Whole seconds, 1 to 604,800 (checked by the store with core's resolveSignedUrlOptions). */
  expiresIn: number;
  /** For PUT: the Content-Type the uploader must send (a signed header). */
  contentType?: string | undefined;
  /** For GET: sent as response-content-disposition, a query parameter, so it is signed. */
  responseContentDisposition?: string | undefined;
  /** For GET: sent as response-content-type (signed the same way). */
  responseContentType?: string | undefined;
  now?: Date;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function presignUrl(request: PresignRequest): string {
  const defaultPort = request.useSSL ? 443 : 80;
  const hostName = request.host.includes(':') ? `[${request.host}]` : request.host;
  const baseHost = request.port === defaultPort ? hostName : `${hostName}:${request.port}`;
  const host = request.pathStyle ? baseHost : `${request.bucket}.${baseHost}`;
  const path = request.pathStyle
    ? `/${request.bucket}/${encodeKeyPath(request.key)}`
    : `/${encodeKeyPath(request.key)}`;

  const date = amzDate(request.now ?? new Date());
  const scope = `${date.slice(0, 8)}/${request.region}/s3/aws4_request`;
  const headers: [string, string][] = [['host', host]];
  if (request.method === 'PUT' && request.contentType !== undefined) {
    headers.unshift(['content-type', request.contentType.trim().replace(/\s+/g, ' ')]);
  }
  const signedHeaders = headers.map(([name]) => name).join(';');
  const params: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${request.accessKey}/${scope}`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(request.expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaders],
  ];
  if (request.sessionToken) params.push(['X-Amz-Security-Token', request.sessionToken]);
  // S3 answers a signed GET with these instead of the stored headers; being in the canonical
  // query, a URL whose value was edited fails the signature check.
  if (request.method === 'GET') {
    if (request.responseContentDisposition !== undefined) {
      params.push(['response-content-disposition', request.responseContentDisposition]);
    }
    if (request.responseContentType !== undefined) {
      params.push(['response-content-type', request.responseContentType]);
    }
  }
  const query = params
    .map(([name, value]) => `${encodeQueryValue(name)}=${encodeQueryValue(value)}`)
    .sort()
    .join('&');

  const canonicalRequest = [
    request.method,
    path,
    query,
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    date,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${request.secretKey}`, date.slice(0, 8)), request.region), 's3'),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `${request.useSSL ? 'https' : 'http'}://${host}${path}?${query}&X-Amz-Signature=${signature}`;
}
