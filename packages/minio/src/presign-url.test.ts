import { Client } from 'minio';
import { describe, expect, it } from 'vitest';
import { presignUrl } from './presign-url.ts';

// The example of AWS's "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)".
const AWS_EXAMPLE = {
  method: 'GET' as const,
  host: 's3.amazonaws.com',
  port: 443,
  useSSL: true,
  pathStyle: false,
  bucket: 'examplebucket',
  key: 'test.txt',
  region: 'us-east-1',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  expiresIn: 86400,
  now: new Date('2013-05-24T00:00:00Z'),
};

describe('presignUrl', () => {
  it("matches AWS's documented example signature", () => {
    const url = new URL(presignUrl(AWS_EXAMPLE));
    expect(url.host).toBe('examplebucket.s3.amazonaws.com');
    expect(url.pathname).toBe('/test.txt');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('signs GET URLs exactly as the minio SDK does, awkward keys included', async () => {
    const client = new Client({
      endPoint: '127.0.0.1',
      port: 7480,
      useSSL: false,
      accessKey: 'ak',
      secretKey: 'sk',
      region: 'us-east-1',
      pathStyle: true,
    });
    const now = new Date('2024-01-02T03:04:05Z');
    for (const key of ['plain.txt', 'a b+c%25/ü 名前.txt', "sub-delims!$&'()*,;=:@~"]) {
      const ours = presignUrl({
        ...AWS_EXAMPLE,
        host: '127.0.0.1',
        port: 7480,
        useSSL: false,
        pathStyle: true,
        bucket: 'bkt',
        key,
        accessKey: 'ak',
        secretKey: 'sk',
        expiresIn: 600,
        now,
      });
      const sdk = await client.presignedUrl('GET', 'bkt', key, 600, {}, now);
      expect(new URL(ours).searchParams.get('X-Amz-Signature')).toBe(
        new URL(sdk).searchParams.get('X-Amz-Signature'),
      );
    }
  });

  it('makes content-type a signed header of PUT URLs, and carries the session token', () => {
    const put = new URL(
      presignUrl({ ...AWS_EXAMPLE, method: 'PUT', contentType: 'image/png', sessionToken: 'tok/en+' }),
    );
    expect(put.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(put.searchParams.get('X-Amz-Security-Token')).toBe('tok/en+');
    const other = new URL(presignUrl({ ...AWS_EXAMPLE, method: 'PUT', contentType: 'image/jpeg' }));
    expect(other.searchParams.get('X-Amz-Signature')).not.toBe(put.searchParams.get('X-Amz-Signature'));
    const get = new URL(presignUrl({ ...AWS_EXAMPLE, contentType: 'image/png' }));
    expect(get.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
  });

  it('signs response-content-disposition and -type into GET URLs exactly as the minio SDK does', async () => {
    const client = new Client({
      endPoint: '127.0.0.1',
      port: 7480,
      useSSL: false,
      accessKey: 'ak',
      secretKey: 'sk',
      region: 'us-east-1',
      pathStyle: true,
    });
    const now = new Date('2024-01-02T03:04:05Z');
    const disposition = `attachment; filename="a b's (1).txt"; filename*=UTF-8''a%20b%27s%20%281%29.txt`;
    const ours = new URL(
      presignUrl({
        ...AWS_EXAMPLE,
        host: '127.0.0.1',
        port: 7480,
        useSSL: false,
        pathStyle: true,
        bucket: 'bkt',
        accessKey: 'ak',
        secretKey: 'sk',
        expiresIn: 600,
        now,
        responseContentDisposition: disposition,
        responseContentType: 'application/octet-stream',
      }),
    );
    const sdk = new URL(
      await client.presignedGetObject(
        'bkt',
        'test.txt',
        600,
        { 'response-content-disposition': disposition, 'response-content-type': 'application/octet-stream' },
        now,
      ),
    );
    expect(ours.searchParams.get('response-content-disposition')).toBe(disposition);
    expect(ours.searchParams.get('response-content-type')).toBe('application/octet-stream');
    expect(ours.searchParams.get('X-Amz-Signature')).toBe(sdk.searchParams.get('X-Amz-Signature'));
    const plain = new URL(presignUrl({ ...AWS_EXAMPLE, now }));
    expect(plain.searchParams.get('X-Amz-Signature')).not.toBe(ours.searchParams.get('X-Amz-Signature'));
  });

  it('leaves response overrides out of PUT URLs', () => {
    const put = new URL(
      presignUrl({ ...AWS_EXAMPLE, method: 'PUT', responseContentDisposition: 'attachment' }),
    );
    expect(put.searchParams.has('response-content-disposition')).toBe(false);
  });
});
