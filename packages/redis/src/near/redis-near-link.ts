// The near cache's link to Redis: server-assisted client-side caching in broadcast mode
// (CLIENT TRACKING ON BCAST PREFIX <namespace>:), so Redis itself announces every change of a key
// under the namespace — by any client, atomically with the write — on a connection of our own to
// each master (REDIRECT to itself, RESP2 `__redis__:invalidate`): one on a single server, one per
// master on a cluster. Their messages travel on the same connections (pub/sub is cluster-wide):
// - heartbeats: one script registers this process as a member of the root namespace (the first
//   segment: a cache on "app" and one on "app:users" track each other's keys) until Redis's
//   clock + leaseMs (a sorted set) and publishes a message to this process's own channel. Its
//   return on the tracking connection proves every invalidation Redis sent before it has been
//   applied, so the near cache may serve until leaseMs after it was sent — which is never later
//   than the member's registered expiry. A dropped or stalled connection lets the window lapse.
// - barriers: after a write, the writer runs one script that publishes a barrier on the
//   namespace's channel and reads the members. Each member acks after the invalidations before
//   the barrier on its connection, i.e. after the write's. A member that does not ack in time is
//   waited out until its registered expiry, when its window has closed unless it applied the
//   barrier. (PUBLISH's subscriber count would not do: it misses a member whose connection has
//   just died while its window is still open.) The set records when it was created: one younger
//   than a lease may have lost registrations (FLUSHALL, a DEL, an eviction), so a barrier then
//   waits a whole lease from the set's creation, whoever acks.
// On a cluster a barrier is acked once it came back on every connection: the node that owns the
// written key sent the key's invalidation on its connection before it saw the barrier.
// On a drop of any connection, or a change of the masters, every connection is replaced (with
// backoff) and everything held is forgotten.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@stowage/core';
import { type NearLink, type NearLinkListener, redactUrl } from '@stowage/core/adapter';
import type { RedisClient } from '../redis-client.ts';

/** What the link sends its commands through: the cache's client, or its cluster. */
export interface NearLinkRedis {
  publish(channel: string, message: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  zRem(key: string, member: string): Promise<number>;
}

export interface RedisNearLinkOptions {
  /** The key prefix to track: the cache's namespace and ':'. */
  prefix: string;
  /**
   * How long one confirmation lets the near cache serve (ms); default 500. Every process on a
   * root namespace must use the same (a lost registration is waited out with the writer's).
   */
  leaseMs?: number;
  /** How often the confirmation is renewed (ms); default a fifth of leaseMs. */
  heartbeatMs?: number;
  /** How long a barrier waits for acks before waiting out the lease (ms); default 100. */
  ackTimeoutMs?: number;
  logger: Logger;
}

const CHANNEL = 'stowage-near:';
const INVALIDATE = '__redis__:invalidate';
const MAX_RECONNECT_DELAY_MS = 2_000;
/** Clock rates of two processes may differ a little: a waited-out lease gets this much more. */
const LEASE_MARGIN = 1.05;

/** Clients of the masters to track: the server, or every master of a cluster (asked again to see a change). */
export type TrackedNodes = () => Promise<RedisClient[]>;

interface Barrier {
  /** Members that have not acked yet; undefined until the script answered. */
  waiting: Set<string> | undefined;
  /** Acks that came in before the script's answer. */
  early: Set<string>;
  done: () => void;
}

/** The set's creation is member BORN with score BORN_OFFSET + its time: never lapsed, never a member. */
const BORN = '~born';
const BORN_OFFSET = 1e13;
/** An idle root namespace's set goes after an hour; a lost one is made safe by BORN. */
const MEMBERS_TTL_MS = 3_600_000;

/** Registers a member until Redis's clock + ARGV[1] ms, drops lapsed ones, sends a heartbeat. */
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if not redis.call('ZSCORE', KEYS[1], '${BORN}') then
  redis.call('ZADD', KEYS[1], now + ${BORN_OFFSET}, '${BORN}')
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ${MEMBERS_TTL_MS})
redis.call('PUBLISH', ARGV[3], ARGV[4])
return now`;

/** Publishes a barrier and returns Redis's time and the members: now, id, expiry, id, expiry, … */
const BARRIER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PUBLISH', ARGV[1], ARGV[2])
local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
table.insert(members, 1, tostring(now))
return members`;

export async function createRedisNearLink(
  redis: NearLinkRedis,
  nodes: TrackedNodes,
  options: RedisNearLinkOptions,
): Promise<NearLink> {
  const leaseMs = options.leaseMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 5));
  const ackTimeoutMs = options.ackTimeoutMs ?? 100;
  const self = randomUUID();
  const ownChannel = `${CHANNEL}${self}`;
  // Per root namespace: tracking matches by prefix, so a write under "app:users" reaches a cache
  // on "app" and the other way round; their barriers must reach each other's members.
  const root = options.prefix.slice(0, options.prefix.indexOf(':'));
  const busChannel = `${CHANNEL}bus:${root}`;
  const membersKey = `${CHANNEL}members:${root}`;
  let listener: NearLinkListener | undefined;
  /** The tracking connections, one per master; undefined while (re)connecting. */
  let subscribers: RedisClient[] | undefined;
  let confirmedUntil = 0;
  let closed = false;
  let reconnects = 0;
  let heartbeatSeq = 0;
  /** Heartbeats in flight: when sent, and on how many connections they are still to come back. */
  const heartbeatsSent = new Map<number, { sentAt: number; pending: number }>();
  let barrierSeq = 0;
  const barriers = new Map<number, Barrier>();
  /** Other writers' barriers seen on some connections: how many still to see before the ack. */
  const barriersSeen = new Map<string, number>();

  const onOwn = (message: string) => {
    const seq = Number.parseInt(message.slice(1), 10);
    if (message[0] === 'h') {
      const sent = heartbeatsSent.get(seq);
      if (!sent || --sent.pending > 0) return;
      // Earlier ones will not come back any more (they went out on a connection now gone).
      for (const older of heartbeatsSent.keys()) if (older <= seq) heartbeatsSent.delete(older);
      confirmedUntil = Math.max(confirmedUntil, sent.sentAt + leaseMs);
    } else if (message[0] === 'a') {
      // `a${seq} ${member}`; on a cluster it comes back on every connection (counted once).
      const barrier = barriers.get(seq);
      const member = message.slice(message.indexOf(' ') + 1);
      if (!barrier) return;
      if (barrier.waiting === undefined) barrier.early.add(member);
      else if (barrier.waiting.delete(member) && barrier.waiting.size === 0) barrier.done();
    }
  };

  const onBarrier = (message: string) => {
    // `${writer} ${seq}`: every invalidation before it on this connection has been applied.
    const space = message.indexOf(' ');
    if (space < 0 || !subscribers) return;
    const left = (barriersSeen.get(message) ?? subscribers.length) - 1;
    if (left > 0) {
      barriersSeen.set(message, left);
      return;
    }
    barriersSeen.delete(message);
    void redis
      .publish(`${CHANNEL}${message.slice(0, space)}`, `a${message.slice(space + 1)} ${self}`)
      .catch(() => {});
  };

  const heartbeat = () => {
    if (!subscribers) return;
    const seq = ++heartbeatSeq;
    heartbeatsSent.set(seq, { sentAt: performance.now(), pending: subscribers.length });
    void redis
      .eval(HEARTBEAT, { keys: [membersKey], arguments: [String(leaseMs), self, ownChannel, `h${seq}`] })
      .catch(() => heartbeatsSent.delete(seq));
    void checkMasters();
  };
  const timer = setInterval(heartbeat, heartbeatMs).unref();

  /** Tracked addresses; a cluster whose masters changed gets its connections replaced. */
  let tracked = '';
  const addresses = (clients: RedisClient[]) =>
    clients
      .map((client) => {
        const socket = client.options?.socket as { host?: string; port?: number } | undefined;
        return `${socket?.host}:${socket?.port}`;
      })
      .sort()
      .join(',');
  async function checkMasters(): Promise<void> {
    const current = subscribers;
    if (!current) return;
    const now = addresses(await nodes().catch(() => []));
    if (now !== '' && now !== tracked && subscribers === current) drop();
  }

  /** node-redis 5 throws from destroy() on a client already closed. */
  const destroy = (client: RedisClient) => {
    try {
      client.destroy();
    } catch {}
  };

  /** Forgets everything and replaces every connection. */
  const drop = () => {
    const gone = subscribers;
    if (!gone) return;
    subscribers = undefined;
    confirmedUntil = 0;
    heartbeatsSent.clear();
    barriersSeen.clear();
    listener?.lost();
    for (const client of gone) destroy(client);
    if (!closed) void reconnect();
  };

  /** A tracking connection to `node`, subscribed; `isCurrent` tells its events from old ones. */
  async function track(node: RedisClient, isCurrent: () => boolean): Promise<RedisClient> {
    const socket = node.options?.socket ?? {};
    // Our own reconnection, not node-redis's: tracking must be set up again on a new connection.
    // Named, so CLIENT LIST shows what it is (and tests can find it).
    const next = node.duplicate({
      name: `stowage-near:${options.prefix}`,
      socket: { ...socket, reconnectStrategy: false },
    }) as RedisClient;
    const lost = () => {
      if (isCurrent()) drop();
    };
    next.on('error', lost);
    next.on('end', lost);
    try {
      await next.connect();
      const id = await next.clientId();
      await next.sendCommand([
        'CLIENT',
        'TRACKING',
        'ON',
        'REDIRECT',
        String(id),
        'BCAST',
        'PREFIX',
        options.prefix,
      ]);
      // node-redis hands the invalidated keys over as an array (null: everything, e.g. FLUSHDB).
      await next.subscribe(INVALIDATE, (keys: unknown) => listener?.invalidated(keys as string[] | null));
      await next.subscribe(ownChannel, onOwn);
      await next.subscribe(busChannel, onBarrier);
      return next;
    } catch (error) {
      destroy(next);
      throw error;
    }
  }

  async function open(): Promise<void> {
    const masters = await nodes();
    // E.g. sentinels that name no master yet: try again later.
    if (masters.length === 0) throw new Error('no Redis master to track yet');
    const opened: RedisClient[] = [];
    let current = false;
    try {
      for (const node of masters) opened.push(await track(node, () => current));
    } catch (error) {
      for (const client of opened) destroy(client);
      throw error;
    }
    if (closed) {
      for (const client of opened) destroy(client);
      return;
    }
    current = true;
    subscribers = opened;
    tracked = addresses(masters);
    // What was held before may have missed invalidations while nothing tracked it.
    listener?.lost();
    heartbeat();
  }

  async function reconnect(): Promise<void> {
    while (!closed && !subscribers) {
      await sleep(Math.min(50 * 2 ** reconnects++, MAX_RECONNECT_DELAY_MS));
      try {
        await open();
        reconnects = 0;
      } catch (error) {
        options.logger.warn('Near cache: the Redis tracking connection failed; reads skip it', {
          backend: 'redis',
          error: redactUrl(error instanceof Error ? error.message : String(error)),
        });
      }
    }
  }

  await open();

  return {
    serving: () => subscribers !== undefined && performance.now() < confirmedUntil,

    async barrier() {
      const seq = ++barrierSeq;
      let done = () => {};
      const acked = new Promise<void>((resolve) => {
        done = resolve;
      });
      const barrier: Barrier = { waiting: undefined, early: new Set(), done };
      barriers.set(seq, barrier);
      try {
        let reply: string[];
        try {
          reply = (await redis.eval(BARRIER, {
            keys: [membersKey],
            arguments: [busChannel, `${self} ${seq}`],
          })) as string[];
        } catch {
          // Redis took the write a moment ago; its invalidation is on its way to every tracker.
          return;
        }
        const answeredAt = performance.now();
        const now = Number(reply[0]);
        /** A time on Redis's clock, on this process's (a wait ending there ends after it). */
        const local = (at: number) => answeredAt + (at - now) * LEASE_MARGIN;
        /** Each member's registered expiry. */
        const expiries = new Map<string, number>();
        let born = now; // no set at all: as young as can be
        for (let i = 1; i + 1 < reply.length; i += 2) {
          const score = Number(reply[i + 1]);
          if (reply[i] === BORN) born = score - BORN_OFFSET;
          else expiries.set(reply[i] as string, local(score));
        }
        if (now - born < leaseMs) {
          // Registrations may have been lost: whoever is missing lapses by then.
          await sleep(Math.max(0, local(born + leaseMs) - performance.now()), undefined, { ref: false });
          return;
        }
        barrier.waiting = new Set([...expiries.keys()].filter((member) => !barrier.early.has(member)));
        if (barrier.waiting.size === 0) return;
        const timeout = sleep(ackTimeoutMs, 'timeout', { ref: false });
        if ((await Promise.race([acked, timeout])) !== 'timeout') return;
        // Someone did not ack: wait until its window, if it never applied the barrier, lapsed.
        const last = Math.max(...[...barrier.waiting].map((member) => expiries.get(member) ?? 0));
        const rest = last - performance.now();
        if (rest > 0) await Promise.race([acked, sleep(rest, undefined, { ref: false })]);
      } finally {
        barriers.delete(seq);
      }
    },

    listen(next) {
      listener = next;
    },

    async close() {
      closed = true;
      clearInterval(timer);
      const last = subscribers ?? [];
      subscribers = undefined;
      confirmedUntil = 0;
      for (const barrier of barriers.values()) barrier.done();
      await redis.zRem(membersKey, self).catch(() => {});
      await Promise.all(last.map((client) => client.close().catch(() => destroy(client))));
    },
  };
}
