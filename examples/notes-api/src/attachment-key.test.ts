import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { attachmentKey, attachmentName } from './attachment-key.ts';

const id = '5b1e7c8e-2a44-4c1f-9d7e-0c3f3c1d2e4f';

describe('attachmentKey', () => {
  it('puts a plain name under the note', () => {
    const key = attachmentKey(id, 'report-2026.v2.pdf');
    expect(key).toBe(`notes/${id}/report-2026.v2.pdf`);
    expect(attachmentName(key)).toBe('report-2026.v2.pdf');
  });

  it('refuses anything but one plain path segment', () => {
    for (const name of ['../../etc', '..', '.env', 'a/b', 'a\\b', 'a\u0000b', '', 'é.txt', 'x'.repeat(201)]) {
      expect(() => attachmentKey(id, name), name).toThrow(ApiError);
    }
  });
});
