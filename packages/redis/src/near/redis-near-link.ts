// The near cache's link on one Redis server: server-assisted client-side caching in broadcast
// mode (CLIENT TRACKING ON BCAST PREFIX <namespace>:), so Redis itself announces every change of
// a key under the namespace — by any client, atomically with the write — on a connection of our
// own (REDIRECT to itself, RESP2 `__redis__:invalidate`). Beside it:
// - heartbeats: one script registers this process as a member of the namespace until Redis's
//   clock + leaseMs (a sorted set) and publishes a message to this process's own channel. Its
//   return on the tracking connection proves every invalidation Redis sent before it has been
//   applied, so the near cache may serve until leaseMs after it was sent — which is never later
//   than the member's registered expiry. A dropped or stalled connection lets the window lapse.
// - barriers: after a write, the writer runs one script that publishes a barrier on the
//   namespace's channel and reads the members. Each member acks after the invalidations before
//   the barrier on its connection, i.e. after the write's. A member that does not ack in time is
//   waited out until its registered expiry, when its window has closed unless it applied the
//   barrier. (PUBLISH's subscriber count would not do: it misses a member whose connection has
//   just died while its window is still open.)
// On a drop the connection is replaced (with backoff) and everything held is forgotten.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@stowage/core';
import { type NearLink, type NearLinkListener, redactUrl } from '@stowage/core/adapter';
import type { RedisClient } from '../redis-client.ts';

export interface RedisNearLinkOptions {
  /** The key prefix to track: the cache's namespace and ':'. */
  prefix: string;
  /** How long one confirmation lets the near cache serve (ms); default 500. */
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

interface Barrier {
  /** Members that have not acked yet; undefined until the script answered. */
  waiting: Set<string> | undefined;
  /** Acks that came in before the script's answer. */
  early: Set<string>;
  done: () => void;
}

/** Registers a member until Redis's clock + ARGV[1] ms, drops lapsed ones, sends a heartbeat. */
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 4)
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
  client: RedisClient,
  options: RedisNearLinkOptions,
): Promise<NearLink> {
  const leaseMs = options.leaseMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 5));
  const ackTimeoutMs = options.ackTimeoutMs ?? 100;
  const self = randomUUID();
  const ownChannel = `${CHANNEL}${self}`;
  const busChannel = `${CHANNEL}bus:${options.prefix}`;
  const membersKey = `${CHANNEL}members:${options.prefix}`;
  let listener: NearLinkListener | undefined;
  let subscriber: RedisClient | undefined;
  let confirmedUntil = 0;
  let closed = false;
  let reconnects = 0;
  let heartbeatSeq = 0;
  const heartbeatsSent = new Map<number, number>();
  let barrierSeq = 0;
  const barriers = new Map<number, Barrier>();

  const onOwn = (message: string) => {
    const seq = Number(message.slice(1));
    if (message[0] === 'h') {
      const sentAt = heartbeatsSent.get(seq);
      if (sentAt === undefined) return;
      // Earlier ones will not come back any more (they went out on a connection now gone).
      for (const older of heartbeatsSent.keys()) if (older <= seq) heartbeatsSent.delete(older);
      confirmedUntil = Math.max(confirmedUntil, sentAt + leaseMs);
    } else if (message[0] === 'a') {
      // `a${seq} ${member}`
      const barrier = barriers.get(Number.parseInt(message.slice(1), 10));
      const member = message.slice(message.indexOf(' ') + 1);
      if (!barrier) return;
      if (barrier.waiting === undefined) barrier.early.add(member);
      else if (barrier.waiting.delete(member) && barrier.waiting.size === 0) barrier.done();
    }
  };

  const onBarrier = (message: string) => {
    // `${writer} ${seq}`: every invalidation before it on this connection has been applied.
    const space = message.indexOf(' ');
    if (space < 0) return;
    void client
      .publish(`${CHANNEL}${message.slice(0, space)}`, `a${message.slice(space + 1)} ${self}`)
      .catch(() => {});
  };

  const heartbeat = () => {
    if (!subscriber) return;
    const seq = ++heartbeatSeq;
    heartbeatsSent.set(seq, performance.now());
    void client
      .eval(HEARTBEAT, { keys: [membersKey], arguments: [String(leaseMs), self, ownChannel, `h${seq}`] })
      .catch(() => heartbeatsSent.delete(seq));
  };
  const timer = setInterval(heartbeat, heartbeatMs).unref();

  const dropped = (from: RedisClient) => {
    if (subscriber !== from) return;
    subscriber = undefined;
    confirmedUntil = 0;
    heartbeatsSent.clear();
    listener?.lost();
    from.destroy();
    if (!closed) void reconnect();
  };

  async function open(): Promise<void> {
    const socket = client.options?.socket ?? {};
    // Our own reconnection, not node-redis's: tracking must be set up again on a new connection.
    // Named, so CLIENT LIST shows what it is (and tests can find it).
    const next = client.duplicate({
      name: `stowage-near:${options.prefix}`,
      socket: { ...socket, reconnectStrategy: false },
    }) as RedisClient;
    next.on('error', () => dropped(next));
    next.on('end', () => dropped(next));
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
    } catch (error) {
      next.destroy();
      throw error;
    }
    if (closed) {
      next.destroy();
      return;
    }
    subscriber = next;
    // What was held before may have missed invalidations while nothing tracked it.
    listener?.lost();
    heartbeat();
  }

  async function reconnect(): Promise<void> {
    while (!closed && !subscriber) {
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
    serving: () => subscriber !== undefined && performance.now() < confirmedUntil,

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
          reply = (await client.eval(BARRIER, {
            keys: [membersKey],
            arguments: [busChannel, `${self} ${seq}`],
          })) as string[];
        } catch {
          // Redis took the write a moment ago; its invalidation is on its way to every tracker.
          return;
        }
        const answeredAt = performance.now();
        const now = Number(reply[0]);
        /** Each member's registered expiry, as a time on this process's clock. */
        const expiries = new Map<string, number>();
        for (let i = 1; i + 1 < reply.length; i += 2) {
          expiries.set(reply[i] as string, answeredAt + (Number(reply[i + 1]) - now) * LEASE_MARGIN);
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
      const last = subscriber;
      subscriber = undefined;
      confirmedUntil = 0;
      for (const barrier of barriers.values()) barrier.done();
      await client.zRem(membersKey, self).catch(() => {});
      if (last) await last.close().catch(() => last.destroy());
    },
  };
}
