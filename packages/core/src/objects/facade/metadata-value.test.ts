import { describe, expect, it } from 'vitest';
import { decodeMetadataValue, encodeMetadataValue } from './metadata-value.ts';

describe('metadata values', () => {
  it.each(['plain', 'with inner spaces', 'ü', ' padded ', '', '=?UTF-8?B?aGk=?=', '東京'])(
    'round-trip %j, staying printable ASCII',
    (value) => {
      const encoded = encodeMetadataValue(value);
      expect(encoded).toMatch(/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/);
      expect(decodeMetadataValue(encoded)).toBe(value);
    },
  );
  it('leaves plain ASCII values as they are', () => {
    expect(encodeMetadataValue('u_42 rev 7')).toBe('u_42 rev 7');
  });
});
