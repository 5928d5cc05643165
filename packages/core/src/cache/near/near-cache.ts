// A bounded in-process layer in front of a shared cache store (Redis): decoded values, so a hit
// costs no round trip and no parse. Bounded by entries and by bytes, evicting the least recently
// used as approximated by second chance (CLOCK): a hit only marks its entry; eviction takes the
// oldest inserted, moving a marked one to the back once instead (a hit stays a Map read). Coherence comes from a NearLink: every key changed
// in the store is dropped here, everything is dropped when the link may have lost messages, and
// nothing is served while the link is not confirmed. A fill is refused when the key (or, for a
// tag version, any key) was invalidated while its read was in flight — the near cache's lease:
// a value read from the store before a write must not land here after the write's invalidation.
import type { NearCacheStats } from '../../contracts/cache.ts';
import { isTagVersionKey } from '../cache-keys.ts';
import type { NearLink } from './near-link.ts';
import { copyFromNear, freezeForNear, type NearValue } from './near-values.ts';

export interface NearCacheOptions {
  /** Most entries held; the least recently used go first. */
  maxEntries: number;
  /** Most bytes held, counted as the length of each entry's stored text. */
  maxBytes: number;
  /** Longest an entry stays before it is read from the store again (ms). */
  ttl: number;
}

/** A read in flight: its fill is refused once `void`. */
export interface NearTicket {
  readonly key: string;
  void: boolean;
}

export interface NearFill {
  /** The stored text the value came from (its length is the entry's size). */
  readonly payload: string;
  /** The CacheCodec it was read with, if any: a hit needs the same one. */
  readonly codec: string | undefined;
  /** When the store expires it (ms since the epoch), if it does. */
  readonly expires: number | undefined;
  /** Full keys of its tags' versions: a change of one drops it. */
  readonly tagKeys: readonly string[] | undefined;
}

export interface NearCache {
  readonly stats: NearCacheStats;
  /** A copy of the held value for `key` read with `codec`, or undefined. */
  get(key: string, codec: string | undefined): { value: unknown } | undefined;
  /** Taken before reading `key` from the store. */
  ticket(key: string): NearTicket;
  /** Holds what the ticket's read found, unless the key changed meanwhile; releases the ticket. */
  fill(ticket: NearTicket, value: unknown, fill: NearFill): void;
  /** Releases a ticket whose read found nothing to hold. */
  release(ticket: NearTicket): void;
  /** This process changed these keys (before the link reports it): drop them now. */
  forget(keys: readonly string[]): void;
  /** This process cleared a namespace: drop every key starting with `prefix`. */
  forgetPrefix(prefix: string): void;
  /** See NearLink.barrier. */
  barrier(): Promise<void>;
  close(): Promise<void>;
}

interface Held {
  readonly value: NearValue;
  /** Read since it was (re)inserted: passed over once by eviction. */
  used: boolean;
  readonly codec: string | undefined;
  readonly expires: number;
  readonly bytes: number;
  readonly tagKeys: readonly string[] | undefined;
}

export function createNearCache(options: NearCacheOptions, link: NearLink): NearCache {
  const held = new Map<string, Held>();
  /** Tag version key → the held keys written with it. */
  const byTag = new Map<string, Set<string>>();
  const inFlight = new Map<string, Set<NearTicket>>();
  const stats: NearCacheStats = {
    hits: 0,
    misses: 0,
    evictions: 0,
    invalidations: 0,
    purges: 0,
    entries: 0,
    bytes: 0,
  };

  const remove = (key: string): boolean => {
    const entry = held.get(key);
    if (!entry) return false;
    held.delete(key);
    stats.bytes -= entry.bytes;
    stats.entries = held.size;
    for (const tagKey of entry.tagKeys ?? []) {
      const keys = byTag.get(tagKey);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tagKey);
    }
    return true;
  };

  const voidTickets = (key: string) => {
    for (const ticket of inFlight.get(key) ?? []) ticket.void = true;
  };
  const voidAllTickets = () => {
    for (const tickets of inFlight.values()) for (const ticket of tickets) ticket.void = true;
  };

  const invalidate = (key: string): void => {
    if (isTagVersionKey(key)) {
      // Which reads in flight met this tag is not known: none of them may fill.
      voidAllTickets();
      for (const tagged of [...(byTag.get(key) ?? [])]) if (remove(tagged)) stats.invalidations += 1;
      return;
    }
    voidTickets(key);
    if (remove(key)) stats.invalidations += 1;
  };

  const purge = () => {
    voidAllTickets();
    held.clear();
    byTag.clear();
    stats.entries = 0;
    stats.bytes = 0;
    stats.purges += 1;
  };

  link.listen({
    invalidated(keys) {
      if (keys === null) purge();
      else for (const key of keys) invalidate(key);
    },
    lost: purge,
  });

  const release = (ticket: NearTicket) => {
    const tickets = inFlight.get(ticket.key);
    if (!tickets) return;
    tickets.delete(ticket);
    if (tickets.size === 0) inFlight.delete(ticket.key);
  };

  return {
    stats,

    get(key, codec) {
      const entry = held.get(key);
      if (entry === undefined || entry.codec !== codec || !link.serving()) {
        stats.misses += 1;
        return undefined;
      }
      if (entry.expires <= Date.now()) {
        remove(key);
        stats.misses += 1;
        return undefined;
      }
      entry.used = true;
      stats.hits += 1;
      return { value: copyFromNear(entry.value) };
    },

    ticket(key) {
      const ticket: NearTicket = { key, void: false };
      const tickets = inFlight.get(key);
      if (tickets) tickets.add(ticket);
      else inFlight.set(key, new Set([ticket]));
      return ticket;
    },

    fill(ticket, value, fill) {
      release(ticket);
      if (ticket.void || !link.serving()) return;
      const bytes = fill.payload.length;
      const now = Date.now();
      const expires = Math.min(fill.expires ?? Number.POSITIVE_INFINITY, now + options.ttl);
      if (bytes > options.maxBytes || expires <= now) return;
      const frozen = freezeForNear(value);
      if (frozen === undefined) return;
      remove(ticket.key);
      held.set(ticket.key, {
        value: frozen,
        used: false,
        codec: fill.codec,
        expires,
        bytes,
        tagKeys: fill.tagKeys,
      });
      stats.bytes += bytes;
      for (const tagKey of fill.tagKeys ?? []) {
        const keys = byTag.get(tagKey);
        if (keys) keys.add(ticket.key);
        else byTag.set(tagKey, new Set([ticket.key]));
      }
      // The oldest unmarked first, until both bounds hold (a marked one gets a second chance).
      while (held.size > options.maxEntries || stats.bytes > options.maxBytes) {
        const [key, entry] = held.entries().next().value as [string, Held];
        if (entry.used) {
          entry.used = false;
          held.delete(key);
          held.set(key, entry);
          continue;
        }
        remove(key);
        stats.evictions += 1;
      }
      stats.entries = held.size;
    },

    release,

    forget(keys) {
      for (const key of keys) invalidate(key);
    },

    forgetPrefix(prefix) {
      voidAllTickets();
      for (const key of [...held.keys()]) if (key.startsWith(prefix)) remove(key);
    },

    barrier: () => link.barrier(),

    async close() {
      purge();
      await link.close();
    },
  };
}
