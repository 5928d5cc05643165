// The error mapping on the shapes the SDK produces: ApiError (code = HTTP status, message from
// the service), gaxios network errors (string code, possibly nested) and SigningError.
import { isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { mapGcsError, mapPutError } from './gcs-errors.ts';

function apiError(code: number, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('mapGcsError', () => {
  it('maps a missing object to NOT_FOUND and a missing bucket to CONFIG naming OBJECT_STORE_BUCKET', () => {
    const object = mapGcsError(apiError(404, 'No such object: b/k'), 'stat', 'k');
    expect(isStowageError(object, 'NOT_FOUND')).toBe(true);
    const bucket = mapGcsError(apiError(404, 'The specified bucket does not exist.'), 'stat', 'k');
    expect(isStowageError(bucket, 'CONFIG')).toBe(true);
    expect((bucket as { variable?: string }).variable).toBe('OBJECT_STORE_BUCKET');
  });

  it('maps 412 to PRECONDITION_FAILED, 401/403 to CONFIG and 429/5xx to retryable UNAVAILABLE', () => {
    expect(
      isStowageError(mapGcsError(apiError(412, 'conditionNotMet'), 'put', 'k'), 'PRECONDITION_FAILED'),
    ).toBe(true);
    for (const status of [401, 403]) {
      const error = mapGcsError(apiError(status, 'denied'), 'put', 'k');
      expect(isStowageError(error, 'CONFIG')).toBe(true);
      expect((error as { variable?: string }).variable).toBe('GOOGLE_APPLICATION_CREDENTIALS');
    }
    for (const status of [429, 500, 503]) {
      const error = mapGcsError(apiError(status, 'busy'), 'get', 'k');
      expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
      expect((error as { retryable?: boolean }).retryable).toBe(true);
    }
  });

  it('finds a network error code nested in causes', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('request to http://127.0.0.1:9 failed', { cause: socket });
    const error = mapGcsError(wrapped, 'list');
    expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
    expect(((error as Error).cause as Error).message).toBe(wrapped.message);
  });

  it('reports signing without a private key as CONFIG, and anything else as BACKEND with the status in a cause', () => {
    const signing = Object.assign(new Error('Cannot sign data without `client_email`.'), {
      name: 'SigningError',
    });
    expect(isStowageError(mapGcsError(signing, 'signedUrl', 'k'), 'CONFIG')).toBe(true);
    const odd = apiError(400, 'Invalid argument.');
    const error = mapGcsError(odd, 'put', 'k');
    expect(isStowageError(error, 'BACKEND')).toBe(true);
    expect((error as Error).message).toContain('HTTP 400');
    expect(((error as Error).cause as { code?: number }).code).toBe(400);
  });

  it('keeps no part of the HTTP exchange in the cause, so no bearer token can reach a log', () => {
    const leaky = Object.assign(apiError(500, 'boom'), {
      response: { request: { headers: { Authorization: 'Bearer ya29.secret-token' } } },
    });
    const error = mapGcsError(leaky, 'get', 'k');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('secret-token');
    expect(JSON.stringify((error as Error).cause, ['name', 'message', 'code', 'response'])).not.toContain(
      'secret-token',
    );
  });

  it('passes Stowage errors through unchanged', () => {
    const original = mapGcsError(apiError(404, 'No such object'), 'get', 'k');
    expect(mapGcsError(original, 'get', 'k')).toBe(original);
  });
});

describe('mapPutError', () => {
  it('reads a 412 (also as the resumable client reports it, in `status`) as a taken key only for create-only puts', () => {
    const resumable = Object.assign(new Error('Precondition Failed'), { status: 412 });
    for (const taken of [apiError(412, 'conditionNotMet'), resumable]) {
      const error = mapPutError(taken, 'k', true);
      expect(isStowageError(error, 'PRECONDITION_FAILED')).toBe(true);
      expect((error as Error).message).toContain('already exists');
    }
    const other = mapPutError(apiError(412, 'conditionNotMet'), 'k', false);
    expect(isStowageError(other, 'PRECONDITION_FAILED')).toBe(true);
    expect((other as Error).message).not.toContain('already exists');
  });
});
