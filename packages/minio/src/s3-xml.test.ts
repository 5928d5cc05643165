import { describe, expect, it } from 'vitest';
import { parseDeleteErrors, parseListObjectsV2, throwIfErrorDocument } from './s3-xml.ts';

describe('parseListObjectsV2', () => {
  it('keeps number-like keys as text and decodes URL-encoded keys and prefixes', () => {
    const xml = `<?xml version="1.0"?><ListBucketResult><Name>b</Name><EncodingType>url</EncodingType>
      <IsTruncated>true</IsTruncated><NextContinuationToken>1%2F&amp;x</NextContinuationToken>
      <Contents><Key>007</Key><Size>1</Size></Contents><Contents><Key>1.50</Key></Contents>
      <Contents><Key>a%2Bb+c%25</Key></Contents><Contents><Key>%C3%BC</Key></Contents>
      <CommonPrefixes><Prefix>dir+x%2F</Prefix></CommonPrefixes></ListBucketResult>`;
    expect(parseListObjectsV2(xml)).toEqual({
      keys: ['007', '1.50', 'a+b c%', 'ü'],
      prefixes: ['dir x/'],
      truncated: true,
      nextToken: '1%2F&x',
    });
  });

  it('reads keys as plain (XML-escaped) text when the server did not URL-encode them', () => {
    const xml =
      '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&amp;b+c</Key></Contents></ListBucketResult>';
    expect(parseListObjectsV2(xml)).toEqual({
      keys: ['a&b+c'],
      prefixes: [],
      truncated: false,
      nextToken: undefined,
    });
  });
});

it('throwIfErrorDocument throws an S3 error with the code of a 200 answer that failed', () => {
  expect(() =>
    throwIfErrorDocument('<CompleteMultipartUploadResult><ETag></ETag></CompleteMultipartUploadResult>'),
  ).not.toThrow();
  expect(() =>
    throwIfErrorDocument('<Error><Code>InternalError</Code><Message>boom</Message></Error>'),
  ).toThrow(expect.objectContaining({ code: 'InternalError', message: 'boom' }));
});

it('parseDeleteErrors lists the keys a quiet DeleteObjects could not delete', () => {
  const xml = '<DeleteResult><Error><Key>a&lt;b</Key><Code>AccessDenied</Code></Error></DeleteResult>';
  expect(parseDeleteErrors(xml)).toEqual([{ key: 'a<b', code: 'AccessDenied' }]);
  expect(parseDeleteErrors('<DeleteResult></DeleteResult>')).toEqual([]);
});
