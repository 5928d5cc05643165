// What one store entry holds. keyv wraps every value as { value, expires } and hands it to its
// `serialize` option; Stowage plugs in this codec so the store sees one text format:
//
//   {"v":1,"e":1767225600000,"t":[["user:1","k3j…"]]}\n<devalue text of the value>
//
// a JSON header line (format version, keyv's expiry timestamp, tag versions) and the value,
// already serialized by our code. The value is not wrapped or escaped a second time, and keyv
// keeps handling TTL: it checks `e` on read, and stores with native expiry (Redis) get the TTL too.
// Serialization errors are raised by our code before keyv is called, never inside it.

const FORMAT_VERSION = 1;

/** [tag, version token] pairs current when the entry was written. */
export type TagVersionPairs = readonly (readonly [string, string])[];

export interface StoredRecord {
  /** The value as devalue text (entries) or the version token (tag versions). */
  payload: string;
  tags?: TagVersionPairs;
  /** Set on a tombstone left by invalidate(): a unique token, and no value (reads miss). */
  tombstone?: string;
  /** The CacheCodec that wrote the payload, when not the default serializer. */
  codec?: string;
  /** When a read found it: its expiry (ms since the epoch), if any. Not stored in the record. */
  expires?: number;
}

interface Wrapped {
  value?: StoredRecord;
  expires?: number | undefined;
}

interface Header {
  v: number;
  e?: number;
  t?: TagVersionPairs;
  /** Tombstone token. */
  x?: string;
  /** Codec name. */
  c?: string;
}

export function encodeStoredRecord(data: Wrapped): string {
  if (data.value === undefined) throw new TypeError('Cannot store an empty cache record');
  const header: Header = { v: FORMAT_VERSION };
  if (typeof data.expires === 'number') header.e = data.expires;
  if (data.value.tags && data.value.tags.length > 0) header.t = data.value.tags;
  if (data.value.tombstone !== undefined) header.x = data.value.tombstone;
  if (data.value.codec !== undefined) header.c = data.value.codec;
  // JSON.stringify escapes newlines inside strings, so the first '\n' always ends the header.
  return `${JSON.stringify(header)}\n${data.value.payload}`;
}

/** Throws on text that is not in this format: the fail-open layer counts it and reports a miss. */
export function decodeStoredRecord(text: string): Wrapped {
  const newline = text.indexOf('\n');
  if (newline < 0) throw new TypeError('Cache entry is not in the Stowage record format');
  const header = JSON.parse(text.slice(0, newline)) as Partial<Header>;
  if (header.v !== FORMAT_VERSION)
    throw new TypeError(`Cache entry has unknown format version ${String(header.v)}`);
  const record: StoredRecord = { payload: text.slice(newline + 1) };
  if (Array.isArray(header.t)) record.tags = header.t;
  if (typeof header.x === 'string') record.tombstone = header.x;
  if (typeof header.c === 'string') record.codec = header.c;
  return { value: record, expires: typeof header.e === 'number' ? header.e : undefined };
}
