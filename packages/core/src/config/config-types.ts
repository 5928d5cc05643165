// The typed configuration createStowage() takes; loadConfig() builds it from the environment.

/** The variable a database's name or path came from (set by loadConfig), for error messages. */
export type DatabaseNameVariable = 'DB_NAME' | 'DATABASE_URL';

export interface SqliteConfig {
  driver: 'sqlite';
  /** Database file, or ":memory:". */
  path: string;
  nameVariable?: DatabaseNameVariable;
}

export interface ServerDatabaseConfig {
  driver: 'postgres' | 'mysql' | 'mariadb';
  host: string;
  port: number;
  name: string;
  nameVariable?: DatabaseNameVariable;
  user: string;
  password?: string;
  ssl: boolean;
  /** PEM file of the CA that signed the server's certificate (DB_SSL_CA). */
  sslCaFile?: string;
  /** Verify the server's certificate (DB_SSL_REJECT_UNAUTHORIZED); default true. */
  sslRejectUnauthorized?: boolean;
  poolMax: number;
  /**
   * Read replicas (DB_REPLICA_URLS): reads made outside a transaction go to one of them, writes
   * and transactions to the primary. Parts left out default to the primary's.
   */
  replicas?: ReplicaConfig[];
}

/** A read replica of a server database; what it leaves out is the primary's. */
export interface ReplicaConfig {
  host: string;
  port: number;
  name?: string;
  user?: string;
  password?: string;
}

export type DatabaseConfig = SqliteConfig | ServerDatabaseConfig;

export interface CacheCommonConfig {
  /** Key namespace, e.g. "myapp". */
  namespace: string;
  /** Default TTL in milliseconds when set() gives none. */
  defaultTtl?: number;
  /** Per-operation timeout in milliseconds before a remote cache counts as down. */
  timeoutMs: number;
}

export type CacheConfig =
  | ({ driver: 'memory' } & CacheCommonConfig)
  | ({
      driver: 'redis';
      /** The server (REDIS_URL); with a cluster or sentinels, their first URL (shown in messages). */
      url: string;
      /** Root nodes of a Redis Cluster (REDIS_CLUSTER_NODES); when set, the cache uses the cluster. */
      clusterNodes?: string[];
      /** Sentinels and the master set they watch (REDIS_SENTINELS, REDIS_SENTINEL_MASTER). */
      sentinel?: { master: string; nodes: string[] };
      /** PEM file of the CA that signed the server's certificate (REDIS_TLS_CA; rediss:// only). */
      tlsCaFile?: string;
      /**
       * An in-process near cache in front of Redis (CACHE_NEAR=true); unset bounds take the
       * adapter's defaults (CACHE_NEAR_MAX_ENTRIES, CACHE_NEAR_MAX_BYTES, CACHE_NEAR_TTL_MS).
       */
      near?: { maxEntries?: number; maxBytes?: number; ttl?: number };
    } & CacheCommonConfig);

export type ObjectStoreConfig =
  | { driver: 'fs'; root: string }
  | { driver: 'memory' }
  | {
      driver: 'minio';
      /** http:// or https:// (TLS), with an optional port (S3_ENDPOINT). */
      endpoint: string;
      bucket: string;
      accessKey: string;
      secretKey: string;
      /** Temporary credentials' session token (S3_SESSION_TOKEN). */
      sessionToken?: string;
      region: string;
      /** Path-style URLs (http://host/bucket/key) rather than virtual-host (http://bucket.host/key). */
      pathStyle: boolean;
      /** PEM file of the CA that signed the server's certificate (S3_TLS_CA; https:// only). */
      tlsCaFile?: string;
    }
  | {
      driver: 'gcs';
      bucket: string;
      projectId?: string;
      /** For emulators: e.g. http://127.0.0.1:4443 */
      apiEndpoint?: string;
      /** Path of a service-account key file (GOOGLE_APPLICATION_CREDENTIALS). */
      keyFilename?: string;
      /** Inline service-account JSON. */
      credentials?: Record<string, unknown>;
    };

export interface StowageConfig {
  /** Absent until a database is configured (DB_DRIVER, DATABASE_URL or DB_HOST). */
  database?: DatabaseConfig;
  /**
   * The same database as the role that owns the schema, for migrations and backups
   * (MIGRATION_DATABASE_URL, or DB_MIGRATION_USER / DB_MIGRATION_PASSWORD); absent: `database`.
   */
  migrationDatabase?: ServerDatabaseConfig;
  cache: CacheConfig;
  objects: ObjectStoreConfig;
  backup: { storagePath?: string };
}
