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

/** A pool as metrics name it (the semantic conventions' db.client.connection.pool.name). */
export interface NamedPoolUsage extends PoolUsage {
  /** `host:port/database`, unique within the application. */
  readonly name: string;
}

export interface DatabaseHealth {
  /** One round trip (SELECT 1), in milliseconds. */
  latencyMs: number;
  /** This process's pool (a separate process such as `stowage doctor` sees only its own). */
  pool?: PoolUsage;
  /** Every process's connections to this database, against the server's limit. */
  connections?: { open: number; max: number };
}

export interface CacheHealth {
  /** One round trip (PING), in milliseconds. */
  latencyMs: number;
  /** The server's own counters since it started, where it keeps them (Redis INFO stats). */
  server?: { hits: number; misses: number; errors: number };
}
