// Cache values are stored as devalue text: it round-trips Date, BigInt, Map, Set, RegExp, URL,
// typed arrays, undefined inside objects and repeated or cyclic references, it is plain text (so
// Redis holds it as a string), and it throws on functions, symbols and class instances instead of
// dropping them silently. One reducer/reviver pair adds Node's Buffer, which devalue would
// otherwise bring back as a plain Uint8Array.
import { parse, stringify } from 'devalue';
import { SerializationError } from '../errors/error-classes.ts';

const reducers = {
  // A copy of the visible bytes: a pooled Buffer's backing store holds unrelated data. The copy
  // is an object, so it stays truthy (devalue skips falsy reductions) even for an empty Buffer.
  Buffer: (value: unknown) => Buffer.isBuffer(value) && new Uint8Array(value),
};

const revivers = {
  Buffer: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
};

/** The text to store for `value`; SerializationError when it cannot round-trip. */
export function serializeCacheValue(key: string, value: unknown): string {
  if (value === undefined) {
    throw SerializationError.cannotSerialize(
      key,
      'undefined cannot be cached because it means a miss (store null instead)',
    );
  }
  try {
    return stringify(value, reducers);
  } catch (error) {
    const path = (error as { path?: unknown }).path;
    const where = typeof path === 'string' && path.length > 0 ? ` (at ${path})` : '';
    const reason = error instanceof Error ? error.message : String(error);
    throw SerializationError.cannotSerialize(key, `${reason}${where}`, { cause: error });
  }
}

/** A fresh copy of a stored value; throws on text that is not devalue output. */
export function parseCacheValue(text: string): unknown {
  return parse(text, revivers);
}
