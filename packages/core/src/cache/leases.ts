// Cache leases (memcache's, NSDI 2013) on top of the keyv backend. A miss returns a lease holding
// the key's stored text at that moment; fillLease() writes only if the text is unchanged
// (LeaseStore.compareAndSet). invalidate() replaces values with tombstones carrying a fresh
// token, so any lease taken before it fails to fill: a reader that loaded an old row before a
// write cannot put it back after the write's invalidation, even if its write reaches the server
// late. Tombstones expire; a lease older than half their lifetime never fills.
import { randomUUID } from 'node:crypto';
import type { CacheCodec, CacheLease, CacheSetOptions, LeasedRead } from '../contracts/cache.ts';
import type { CacheOperationContext, CacheOutcome } from '../diagnostics/diagnostic-contexts.ts';
import { noteOutcome, noteWritten } from './cache-tracing.ts';
import type { KeyvBackend, WriteEntry } from './keyv-backend.ts';
import type { NearTicket } from './near/near-cache.ts';
import { nearFillOf, nearHit } from './near/near-fill.ts';
import { decodeStoredRecord, encodeStoredRecord, type StoredRecord } from './stored-record.ts';
import { dropInvalidated, normalizeTags, snapshotTagVersions } from './tag-versions.ts';
import { resolveTtl } from './ttl.ts';
import { parseCacheValue, serializeCacheValue } from './value-serializer.ts';

/** How long a tombstone voids leases; loads taking longer than half of it are not cached. */
export const TOMBSTONE_TTL_MS = 120_000;
const MAX_LEASE_AGE_MS = TOMBSTONE_TTL_MS / 2;

/**
 * The value, or a lease. `context` is a traced call's (see CacheOutcome for what each case is
 * noted as); undefined when nobody subscribes, which costs this hot path nothing else.
 */
export async function getOrLease<T>(
  backend: KeyvBackend,
  namespace: string,
  fullKey: string,
  codec?: CacheCodec,
  context?: CacheOperationContext,
): Promise<LeasedRead<T>> {
  const takenAt = Date.now();
  const { leases, near } = backend;
  let ticket: NearTicket | undefined;
  /** A miss; `outcome` undefined when dropInvalidated() has noted it already. */
  const miss = (state: string | undefined, valid: boolean, outcome?: CacheOutcome): LeasedRead<T> => {
    if (ticket) near?.release(ticket);
    backend.stats.misses += 1;
    if (context !== undefined && outcome !== undefined) context.outcome = outcome;
    return { hit: false, lease: { key: fullKey, state, takenAt, valid } };
  };
  if (!leases) return miss(undefined, false, 'miss');
  // An invalidation still waiting for its retry: the stored value may be the old one.
  if (backend.isPending(fullKey)) return miss(undefined, false, 'stale');
  // The caller asked the near cache first (nearLeasedHit): from here, this read may fill it.
  if (near) ticket = near.ticket(fullKey);
  const read = await backend.failOpen.attempt('getOrLease', () => leases.read(fullKey));
  if (!read.ok) return miss(undefined, false, 'fail-open');
  const raw = read.value ?? undefined;
  if (raw === undefined) return miss(undefined, true, 'lease');
  let record: StoredRecord | undefined;
  let expires: number | undefined;
  try {
    ({ value: record, expires } = decodeStoredRecord(raw));
  } catch (error) {
    backend.failOpen.report('decode', error);
    return miss(raw, true, 'lease');
  }
  // All misses that may fill over what is there; they differ only in what they are noted as.
  if (!record || (expires !== undefined && takenAt > expires)) return miss(raw, true, 'lease');
  if (record.tombstone !== undefined) return miss(raw, true, 'stale');
  if (record.codec !== codec?.name) return miss(raw, true, 'lease');
  // Tag versions are checked only for tagged entries (an extra read); rows carry none.
  const current = record.tags?.length
    ? (await dropInvalidated(backend, namespace, [record], context))[0]
    : record;
  if (!current) return miss(raw, true);
  try {
    const value = (codec ? codec.decode(current.payload) : parseCacheValue(current.payload)) as T;
    backend.stats.hits += 1;
    if (context !== undefined) context.outcome = 'hit';
    if (ticket) {
      // The caller gets its own decoded copy; the near cache holds another (frozen).
      const held = codec ? codec.decode(current.payload) : parseCacheValue(current.payload);
      near?.fill(ticket, held, nearFillOf(current, namespace, codec?.name, expires));
    }
    return { hit: true, value };
  } catch (error) {
    backend.failOpen.report('decode', error);
    return miss(raw, true, 'lease');
  }
}

/**
 * A hit from the near cache, if it holds the key (and no invalidation of it waits for a retry);
 * synchronous, since a near hit is the hottest path there is.
 */
export function nearLeasedHit<T>(
  backend: KeyvBackend,
  fullKey: string,
  codec: CacheCodec | undefined,
  context: CacheOperationContext | undefined,
): LeasedRead<T> | undefined {
  const held = nearHit(backend, fullKey, codec?.name);
  if (!held) return undefined;
  if (context !== undefined) {
    context.outcome = 'hit';
    context.near = true;
  }
  return { hit: true, value: held.value as T };
}

/** Stores a lease's value; a traced call's `context` notes a store that failed (fail-open). */
export async function fillLease(
  backend: KeyvBackend,
  namespace: string,
  lease: CacheLease,
  value: unknown,
  options: (CacheSetOptions & { codec?: CacheCodec }) | undefined,
  context?: CacheOperationContext,
): Promise<boolean> {
  // Serialization errors are the caller's to see, whatever the lease.
  const codec = options?.codec;
  const payload = codec ? codec.encode(value) : serializeCacheValue(lease.key, value);
  const leases = backend.leases;
  if (!leases || !lease.valid || Date.now() - lease.takenAt > MAX_LEASE_AGE_MS) return false;
  if (backend.isPending(lease.key)) return false;
  const ttl = resolveTtl(options?.ttl, backend.defaultTtl);
  const tags = normalizeTags(options?.tags);
  const versions = await snapshotTagVersions(backend, namespace, tags);
  if (!versions) {
    noteOutcome(context, 'fail-open');
    return false;
  }
  const record: StoredRecord = { payload };
  if (versions.length > 0) record.tags = versions;
  if (codec) record.codec = codec.name;
  // The same text keyv would store (see stored-record.ts), so get() reads it as any entry.
  const expires = ttl === undefined ? undefined : Date.now() + ttl;
  const text = encodeStoredRecord({ value: record, expires });
  backend.stats.sets += 1;
  // Taken before the write: an invalidation of the key from here on refuses the near fill.
  const ticket = backend.near?.ticket(lease.key);
  const written = await backend.failOpen.attempt('fillLease', () =>
    leases.compareAndSet(lease.key, lease.state, text, ttl),
  );
  noteWritten(context, written.ok);
  const filled = written.ok && written.value;
  if (ticket) {
    if (filled) {
      // The near cache holds its own copy: the caller keeps (and may change) `value`.
      const held = codec ? codec.decode(payload) : parseCacheValue(payload);
      backend.near?.fill(ticket, held, nearFillOf(record, namespace, codec?.name, expires));
    } else backend.near?.release(ticket);
  }
  return filled;
}

/**
 * Tombstones for full keys; failed writes are handed to the backend's retry queue. False when
 * they were (the store failed).
 */
export async function invalidate(backend: KeyvBackend, fullKeys: readonly string[]): Promise<boolean> {
  if (fullKeys.length === 0) return true;
  backend.stats.deletes += fullKeys.length;
  const tombstone = randomUUID();
  const entries: WriteEntry[] = fullKeys.map((key) => ({
    key,
    record: { payload: '', tombstone },
    ttl: TOMBSTONE_TTL_MS,
  }));
  if (await backend.write('invalidate', entries)) return true;
  backend.retryLater(entries);
  return false;
}
