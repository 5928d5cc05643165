import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact.ts';

describe('redactUrl', () => {
  it('blanks the password of a URL and keeps the rest', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db.example:5432/app')).toBe(
      'postgres://app:***@db.example:5432/app',
    );
    expect(redactUrl('rediss://:hunter2@cache:6380')).toBe('rediss://:***@cache:6380');
  });
  it('blanks secret query parameters', () => {
    expect(redactUrl('https://h/o?X-Amz-Signature=abc&x=1&password=p')).toBe(
      'https://h/o?X-Amz-Signature=***&x=1&password=***',
    );
  });
  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
  });
});
