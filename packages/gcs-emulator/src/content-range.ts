// The Content-Range header of a resumable-upload PUT:
//   bytes */*  or  bytes */N     status query (N also finalizes when everything has arrived)
//   bytes a-b/*  or  bytes a-b/N  a chunk (b may be a-1 for an empty final chunk)
//   bytes a-*/*  or  bytes a-*/N  the rest of the upload in one streaming request
import { ApiError } from './api-error.ts';

export type ContentRange =
  | { readonly kind: 'query'; readonly total: number | undefined }
  | {
      readonly kind: 'data';
      readonly start: number;
      /** Inclusive last byte; undefined when `*`. */
      readonly end: number | undefined;
      readonly total: number | undefined;
    };

export function parseContentRange(header: string | undefined): ContentRange {
  if (header === undefined || header.trim() === '')
    return { kind: 'data', start: 0, end: undefined, total: undefined };
  const match = /^\s*bytes\s+(?:(\*)|(\d+)-(\*|-1|\d+))\/(\*|\d+)\s*$/i.exec(header);
  if (match === null) throw ApiError.invalid('Failed to parse Content-Range header.');
  const [, star, first, last, totalText] = match;
  const total = totalText === '*' ? undefined : Number(totalText);
  if (star !== undefined) return { kind: 'query', total };
  const start = Number(first);
  const end = last === '*' ? undefined : Number(last);
  if (end !== undefined && end < start - 1) throw ApiError.invalid('Failed to parse Content-Range header.');
  return { kind: 'data', start, end, total };
}
