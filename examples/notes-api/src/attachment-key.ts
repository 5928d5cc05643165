// Where a note's attachment lives in the object store. The name comes from the URL, so it is held
// to one plain path segment before it becomes part of a key; Stowage checks the whole key again
// (InvalidKeyError) before any I/O.
import { assertValidObjectKey } from '@stowage/core';
import { ApiError } from './api-error.ts';

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export function attachmentKey(noteId: string, name: string): string {
  if (!NAME.test(name)) {
    throw new ApiError(
      400,
      'INVALID_NAME',
      `Invalid attachment name ${JSON.stringify(name.slice(0, 80))}: use 1-200 letters, digits, ".", "_" or "-", not starting with "."`,
    );
  }
  const key = `notes/${noteId}/${name}`;
  assertValidObjectKey(key);
  return key;
}

/** The file name part of a key attachmentKey() made. */
export const attachmentName = (key: string) => key.slice(key.lastIndexOf('/') + 1);
