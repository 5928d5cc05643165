// The node-redis client behind the cache, from REDIS_URL (redis://, or rediss:// for TLS). While
// Redis is down commands fail at once instead of queueing (no offline queue), so the cache serves
// misses within its timeout; the client reconnects in the background with backoff. The first
// connection is different: a wrong host, port or password fails createCache within the connect
// timeout with a typed error, rather than retrying forever.

import { readFileSync } from 'node:fs';
import { createClient } from '@redis/client';
import {
  ConfigError,
  isUnverifiedCertificate,
  type Logger,
  redactUrl,
  UnavailableError,
} from '@stowage/core';

export interface ConnectRedisOptions {
  url: string;
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

function newClient(
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
  return createClient({
    url,
    disableOfflineQueue: true,
    // rediss:// turns TLS on; the CA, when given, replaces Node's default trust store.
    socket: url.startsWith('rediss:') ? { ...common, tls: true, ...(ca ? { ca } : {}) } : common,
  });
}

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

export type RedisClient = ReturnType<typeof newClient>;

export async function connectRedis(options: ConnectRedisOptions): Promise<RedisClient> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const where = redactUrl(options.url);
  let connected = false;
  const client = newClient(options.url, connectTimeoutMs, readCa(options.tlsCaFile), () => connected);
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
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
      }),
    ]);
    connected = true;
    return client;
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
      throw new ConfigError(
        `REDIS_URL: Redis at ${where} refused the credentials (${message})`,
        'REDIS_URL',
        {
          cause,
        },
      );
    }
    throw UnavailableError.backend('redis', `cannot connect to ${where}: ${message}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}
