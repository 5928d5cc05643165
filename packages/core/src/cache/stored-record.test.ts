import { describe, expect, it } from 'vitest';
import { decodeStoredRecord, encodeStoredRecord } from './stored-record.ts';

describe('stored record format', () => {
  it('writes a JSON header line followed by the payload unescaped', () => {
    const text = encodeStoredRecord({ value: { payload: '["a\\nb"]', tags: [['t', 'v1']] }, expires: 123 });
    expect(text).toBe('{"v":1,"e":123,"t":[["t","v1"]]}\n["a\\nb"]');
    expect(decodeStoredRecord(text)).toEqual({
      value: { payload: '["a\\nb"]', tags: [['t', 'v1']] },
      expires: 123,
    });
  });

  it('omits expiry and tags when there are none', () => {
    const text = encodeStoredRecord({ value: { payload: '1' } });
    expect(text).toBe('{"v":1}\n1');
    expect(decodeStoredRecord(text)).toEqual({ value: { payload: '1' }, expires: undefined });
  });

  it('keeps newlines inside tag names from ending the header', () => {
    const text = encodeStoredRecord({ value: { payload: 'x', tags: [['a\nb', 'v']] } });
    expect(decodeStoredRecord(text).value).toEqual({ payload: 'x', tags: [['a\nb', 'v']] });
  });

  it('refuses text in another format', () => {
    expect(() => decodeStoredRecord('{"value":1}')).toThrow(TypeError);
    expect(() => decodeStoredRecord('{"v":9}\n1')).toThrow(/format version/);
  });
});
