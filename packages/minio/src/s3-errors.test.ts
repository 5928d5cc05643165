import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RequestTimeoutError } from './s3-connection.ts';
import { toStowageError } from './s3-errors.ts';
import { s3Failure } from './s3-xml.ts';

const facts = { shownEndpoint: 'http://127.0.0.1:7480', bucket: 'files' };
const site = { operation: 'get', key: 'a/b' };

function s3Error(code: string) {
  const error = s3Failure(code, 'server message');
  // What the SDK copies from a SignatureDoesNotMatch answer: never to be shown.
  Object.assign(error, { awsaccesskeyid: 'AKIA-SHOWN-NOWHERE', stringtosign: 'AWS4-HMAC-SHA256 …' });
  return error;
}

describe('toStowageError', () => {
  it.each([
    ['NoSuchKey', 'NOT_FOUND', undefined],
    ['NotFound', 'NOT_FOUND', undefined],
    ['PreconditionFailed', 'PRECONDITION_FAILED', undefined],
    ['InvalidRange', 'VALIDATION', undefined],
    ['NoSuchBucket', 'CONFIG', 'OBJECT_STORE_BUCKET'],
    ['SignatureDoesNotMatch', 'CONFIG', 'S3_ACCESS_KEY'],
    ['InvalidAccessKeyId', 'CONFIG', 'S3_ACCESS_KEY'],
    ['AccessDenied', 'CONFIG', 'S3_ACCESS_KEY'],
    ['AuthorizationHeaderMalformed', 'CONFIG', 'S3_REGION'],
    ['SlowDown', 'UNAVAILABLE', undefined],
    ['InternalError', 'UNAVAILABLE', undefined],
    ['SomethingNew', 'BACKEND', undefined],
  ])('maps S3 code %s to %s', (code, expected, variable) => {
    const error = toStowageError(s3Error(code), site, facts);
    expect(error.code).toBe(expected);
    if (variable) expect((error as { variable?: string }).variable).toBe(variable);
    expect(error.cause).toBeUndefined();
    expect(inspect(error, { depth: 10 })).not.toContain('AKIA-SHOWN-NOWHERE');
  });

  it('maps network failures, timeouts and 5xx answers to retryable UnavailableErrors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const fivexx = new Error('Request failed after 0 retries: Error: Retryable HTTP status: 503');
    for (const cause of [refused, new RequestTimeoutError(100), fivexx]) {
      const error = toStowageError(cause, site, facts);
      expect(error.code).toBe('UNAVAILABLE');
      expect(error.retryable).toBe(true);
    }
  });

  it('maps an unverified certificate to a ConfigError naming S3_TLS_CA', () => {
    const cause = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(toStowageError(cause, site, facts)).toMatchObject({ code: 'CONFIG', variable: 'S3_TLS_CA' });
  });
});
