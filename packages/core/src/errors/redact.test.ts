import { describe, expect, it } from 'vitest';
import { redactUrl, shownSetting, shownUrl } from './redact.ts';

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

describe('shownUrl', () => {
  it('shows a scheme:// URL with its password blanked', () => {
    expect(shownUrl('postgres://app:Pw-Distinct-93@db:5432/app')).toBe('postgres://app:***@db:5432/app');
  });
  it.each([
    'app:Pw-Distinct-93@db:5432/app',
    ':Pw-Distinct-93@cache:6379',
    'postgres:/app:Pw-Distinct-93@db/app',
    'redis://:Pw-Distinct-93/x@cache',
    'postgres://db/app#u:Pw-Distinct-93@x',
  ])('hides %j whole', (value) => {
    expect(shownUrl(value)).toBe('(not a URL, hidden)');
  });
});

describe('shownSetting', () => {
  it('hides secrets, shows URL lists entry by entry, quotes plain values', () => {
    expect(shownSetting('Pw-Distinct-93', 'secret')).toBe('(a value, hidden)');
    expect(shownSetting('redis://:Pw-Distinct-93@a:1, b:Pw-Distinct-93@c', 'url-list')).toBe(
      '"redis://:***@a:1,(not a URL, hidden)"',
    );
    expect(shownSetting('abc', 'plain')).toBe('"abc"');
    expect(shownSetting(undefined, 'plain')).toBe('nothing');
  });
});
