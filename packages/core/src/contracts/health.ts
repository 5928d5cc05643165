// What `stowage doctor` asks a backend about itself. Optional on every contract: a backend that
// cannot tell is reported as reachable or not, and nothing more.

export interface PoolUsage {
  /** The pool's limit (DB_POOL_MAX). */
  max: number;
  /** Connections open now, busy or idle. */
  open: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
}

export interface DatabaseHealth {
  /** One round trip (SELECT 1), in milliseconds. */
  latencyMs: number;
  pool?: PoolUsage;
}

export interface CacheHealth {
  /** One round trip (PING), in milliseconds. */
  latencyMs: number;
  /** The server's own counters since it started, where it keeps them (Redis INFO stats). */
  server?: { hits: number; misses: number; errors: number };
}
