// The node-redis client behind the cache, from REDIS_URL (redis://, or rediss:// for TLS). While
// Redis is down commands fail at once instead of queueing (no offline queue), so the cache serves
// misses within its timeout; the client reconnects in the background with backoff. The first
// connection is different: a wrong host, port or password fails createCache within the connect
// timeout with a typed error, rather than retrying forever.

import { readFileSync } from 'node:fs';
import { createClient, createCluster, createSentinel } from '@redis/client';
import { ConfigError, type Logger, UnavailableError } from '@stowage/core';
import { isUnverifiedCertificate, redactUrl, shownUrl, urlProblem } from '@stowage/core/adapter';

export interface ConnectRedisOptions {
  url: string;
  /** Root nodes of a Redis Cluster: when given, the cluster is used and `url` is ignored. */
  clusterNodes?: readonly string[];
  /** Sentinels and their master set: when given, the master is found through them. */
  sentinel?: { master: string; nodes: readonly string[] };
  /** PEM file of the CA that signed the server's certificate (rediss:// only). */
  tlsCaFile?: string;
  /** How long the first connection may take; default 5 s. */
  connectTimeoutMs?: number;
  logger: Logger;
  /** Minimum time between two logged connection errors; default 10 s. */
  logIntervalMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Longest pause between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/** Redis's replies to bad credentials. */
const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

function socketOptions(
  url: string,
  connectTimeoutMs: number,
  ca: string | undefined,
  wasConnected: () => boolean,
) {
  const common = {
    connectTimeout: connectTimeoutMs,
    // Before the first connection, give up (connect() rejects); after it, retry with backoff.
    reconnectStrategy: (retries: number, cause: Error) =>
      wasConnected() ? Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause,
  };
  // rediss:// turns TLS on; the CA, when given, replaces Node's default trust store.
  return url.startsWith('rediss:') ? { ...common, tls: true as const, ...(ca ? { ca } : {}) } : common;
}

function newClient(
  url: string,
  connectTimeoutMs: number,
  ca: string | undefined,
  wasConnected: () => boolean,
) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: socketOptions(url, connectTimeoutMs, ca, wasConnected),
  });
}

/** The user and password a URL carries, as node-redis client options. */
function credentialsOf(url: URL) {
  return {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

/** A cluster from its root nodes; credentials and TLS of the first apply to every node found. */
function newCluster(
  urls: readonly string[],
  connectTimeoutMs: number,
  ca: string | undefined,
  wasConnected: () => boolean,
) {
  const first = new URL(urls[0] as string);
  return createCluster({
    rootNodes: urls.map((url) => ({ url })),
    defaults: {
      disableOfflineQueue: true,
      socket: socketOptions(first.href, connectTimeoutMs, ca, wasConnected),
      ...credentialsOf(first),
    },
  });
}

/** Sentinels of a master set; the credentials of the first apply to sentinels and data nodes. */
function newSentinel(
  master: string,
  urls: readonly string[],
  connectTimeoutMs: number,
  wasConnected: () => boolean,
) {
  const auth = credentialsOf(new URL(urls[0] as string));
  const socket = socketOptions('redis:', connectTimeoutMs, undefined, wasConnected);
  return createSentinel({
    name: master,
    sentinelRootNodes: urls.map((url) => {
      const node = new URL(url);
      return { host: node.hostname, port: Number(node.port || 26379) };
    }),
    nodeClientOptions: { disableOfflineQueue: true, socket, ...auth },
    sentinelClientOptions: { socket, ...auth },
  });
}

export type RedisClient = ReturnType<typeof newClient>;
export type RedisCluster = ReturnType<typeof newCluster>;
export type RedisSentinel = ReturnType<typeof newSentinel>;

/**
 * The few commands the cache's own pieces (lock, leases, clear) send, on one server or a cluster:
 * a cluster routes each key to its node, has no SCAN of its own (each master is scanned) and
 * refuses multi-key commands across slots (keys are unlinked one by one).
 */
export interface RedisConnection {
  /** The node-redis client, cluster or sentinel, for @keyv/redis. */
  readonly native: RedisClient | RedisCluster | RedisSentinel;
  get(key: string): Promise<string | null>;
  /** SET NX PX: true when set. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  evalScript(script: string, keys: string[], args: string[]): Promise<unknown>;
  /** Batches of keys matching a SCAN pattern, over every master. */
  scanKeys(pattern: string): AsyncIterable<string[]>;
  unlink(keys: readonly string[]): Promise<void>;
  /** Clients for server-wide commands (PING, INFO): the server, the master, or every master. */
  nodes(): Promise<unknown[]>;
  destroy(): void;
}

/** What a server, a cluster and a sentinel all do alike: commands routed by their key. */
interface KeyRouted {
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  unlink(keys: string | string[]): Promise<number>;
  destroy(): void;
}

function keyCommands(native: RedisClient | RedisCluster | RedisSentinel) {
  const redis = native as unknown as KeyRouted;
  return {
    native,
    get: (key: string) => redis.get(key),
    setIfAbsent: async (key: string, value: string, ttlMs: number) =>
      (await redis.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK',
    evalScript: (script: string, keys: string[], args: string[]) =>
      redis.eval(script, { keys, arguments: args }),
    /** One UNLINK for all keys: fine on one server, not across a cluster's slots. */
    unlink: async (keys: readonly string[]) => {
      if (keys.length > 0) await redis.unlink([...keys]);
    },
    destroy: () => redis.destroy(),
  };
}

function singleServer(client: RedisClient): RedisConnection {
  return {
    ...keyCommands(client),
    scanKeys: (pattern) => client.scanIterator({ MATCH: pattern, COUNT: SCAN_BATCH }),
    nodes: async () => [client],
  };
}

function cluster(nodes: RedisCluster): RedisConnection {
  return {
    ...keyCommands(nodes),
    async *scanKeys(pattern) {
      for (const master of nodes.masters) {
        const node = await nodes.nodeClient(master);
        yield* node.scanIterator({ MATCH: pattern, COUNT: SCAN_BATCH });
      }
    },
    unlink: async (keys) => {
      await Promise.all(keys.map((key) => nodes.unlink(key)));
    },
    nodes: () => Promise.all(nodes.masters.map((master) => nodes.nodeClient(master))),
  };
}

function sentinel(nodes: RedisSentinel): RedisConnection {
  return {
    ...keyCommands(nodes),
    // Commands sent to the sentinel object go to the master it found.
    nodes: async () => [nodes],
    async *scanKeys(pattern) {
      // SCAN keeps a cursor on one connection: lease one from the master pool for the whole
      // walk, and hand the keys out after releasing it (the caller's UNLINKs need the pool).
      const batches: string[][] = [];
      const lease = await nodes.acquire();
      try {
        let cursor = '0';
        do {
          const reply = await lease.scan(cursor, { MATCH: pattern, COUNT: SCAN_BATCH });
          cursor = reply.cursor;
          if (reply.keys.length > 0) batches.push(reply.keys);
        } while (cursor !== '0');
      } finally {
        lease.release();
      }
      yield* batches;
    },
  };
}

const SCAN_BATCH = 500;

function readCa(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(
      `REDIS_TLS_CA: expected a readable PEM file, got ${JSON.stringify(file)} (${code})`,
      'REDIS_TLS_CA',
      {
        cause,
      },
    );
  }
}

/** The variable the URLs come from, for messages: a server, a cluster or sentinels. */
function urlsOf(options: ConnectRedisOptions): { variable: string; urls: readonly string[] } {
  if (options.sentinel) return { variable: 'REDIS_SENTINELS', urls: options.sentinel.nodes };
  if (options.clusterNodes) return { variable: 'REDIS_CLUSTER_NODES', urls: options.clusterNodes };
  return { variable: 'REDIS_URL', urls: [options.url] };
}

/** Checks the URLs before node-redis sees them: it throws a raw TypeError, or reads "redis:/…" wrongly. */
function checkUrls(variable: string, urls: readonly string[], schemes: string[]): void {
  for (const url of urls) {
    const problem = urlProblem(url, { schemes });
    if (problem) {
      throw new ConfigError(
        `${variable}: expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')} ` +
          `(${problem}), got ${JSON.stringify(shownUrl(url))}`,
        variable,
      );
    }
  }
}

interface Pingable {
  ping(): Promise<string>;
}

export async function connectRedis(options: ConnectRedisOptions): Promise<RedisConnection> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const nodes = options.clusterNodes;
  const watched = options.sentinel;
  const { variable, urls } = urlsOf(options);
  checkUrls(variable, urls, watched ? ['redis'] : ['redis', 'rediss']);
  const where = watched
    ? `master ${watched.master} via ${watched.nodes.map(shownUrl).join(',')}`
    : urls.map(shownUrl).join(',');
  const givesPassword = new URL(urls[0] as string).password !== '';
  let connected = false;
  const ca = readCa(options.tlsCaFile);
  const wasConnected = () => connected;
  const client = watched
    ? newSentinel(watched.master, watched.nodes, connectTimeoutMs, wasConnected)
    : nodes
      ? newCluster(nodes, connectTimeoutMs, ca, wasConnected)
      : newClient(options.url, connectTimeoutMs, ca, wasConnected);
  const connection = watched
    ? sentinel(client as RedisSentinel)
    : nodes
      ? cluster(client as RedisCluster)
      : singleServer(client as RedisClient);
  const logIntervalMs = options.logIntervalMs ?? 10_000;
  let lastLogged = Number.NEGATIVE_INFINITY;
  // Without a listener an 'error' event would crash the process; with one, a dead Redis must not
  // flood the log either.
  client.on('error', (error: Error) => {
    if (!connected || Date.now() - lastLogged < logIntervalMs) return;
    lastLogged = Date.now();
    options.logger.warn('Redis connection error; the cache serves misses until it reconnects', {
      backend: 'redis',
      url: where,
      error: redactUrl(error.message),
    });
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        // A server that wants a password accepts a connection without one and refuses every
        // command (NOAUTH): one PING now makes that a ConfigError, not a dead cache later.
        await Promise.all((await connection.nodes()).map((node) => (node as Pingable).ping()));
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
      }),
    ]);
    connected = true;
    return connection;
  } catch (cause) {
    // After a failed first connection the client may already be closed.
    if (client.isOpen) client.destroy();
    const message = redactUrl(cause instanceof Error ? cause.message : String(cause));
    // node-redis wraps socket errors: the TLS one is its socketError.
    if (isUnverifiedCertificate((cause as { socketError?: unknown }).socketError ?? cause)) {
      throw new ConfigError(
        `REDIS_TLS_CA: the certificate of Redis at ${where} could not be verified (${message}); ` +
          'set REDIS_TLS_CA to the PEM file of the CA that signed it',
        'REDIS_TLS_CA',
        { cause },
      );
    }
    if (AUTH_FAILURE.test(message)) {
      const why = givesPassword
        ? `refused the credentials (${message})`
        : `requires a password and ${variable} gives none (${message}); write redis://:password@host:port`;
      throw new ConfigError(`${variable}: Redis at ${where} ${why}`, variable, { cause });
    }
    throw UnavailableError.backend('redis', `cannot connect to ${where}: ${message}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}
