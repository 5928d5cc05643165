// User metadata values as header-based stores (S3) carry them: values that HTTP would mangle
// (non-ASCII, surrounding spaces) become RFC 2047 encoded words, as AWS itself writes them. Lives in
// core because the metadata size rule counts values in this form, the largest any store keeps.
const ENCODED_WORD = /^=\?UTF-8\?B\?([A-Za-z0-9+/]*={0,2})\?=$/i;
const PLAIN_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function encodeMetadataValue(value: string): string {
  if (PLAIN_VALUE.test(value) && !ENCODED_WORD.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

export function decodeMetadataValue(value: string): string {
  const match = ENCODED_WORD.exec(value);
  return match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : value;
}
