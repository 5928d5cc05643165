// The shape of `stowage.config.ts`: what the environment alone cannot say (the application's
// entities, its migrations folder, the backup policy). Connection settings stay in the
// environment; `stowage` entries here override it where a project needs that.
import type { EntityDefinition, StowageConfig } from '@stowage/core';

/** Which backups `stowage backup prune` keeps; a backup kept by any rule stays. */
export interface RetentionPolicy {
  /** The newest N. */
  last?: number;
  /** The newest backup of each of the last N days (UTC) that have one. */
  daily?: number;
  /** The newest backup of each of the last N ISO weeks that have one. */
  weekly?: number;
  /** The newest backup of each of the last N months that have one. */
  monthly?: number;
}

export interface StowageCliConfig {
  /** The application's entities: `migrate create` diffs them; the outbox is added by Stowage. */
  entities?: readonly EntityDefinition[];
  /** Settings that replace the environment's (default: everything from the environment). */
  stowage?: Partial<StowageConfig>;
  migrations?: {
    /** Relative to the config file; default "./migrations". */
    folder?: string;
    /** Default "stowage_migrations". */
    tableName?: string;
    /** How long `up`/`down` wait for another process's run; default 60 s. */
    lockTimeoutMs?: number;
  };
  backup?: {
    /** Object-store prefix of backups when BACKUP_STORAGE_PATH is not set; default "backups/". */
    prefix?: string;
    /** The policy `backup prune` applies when no --keep-* flag is given. */
    retention?: RetentionPolicy;
    /** gzip level of `backup create`, 1 (fastest) to 9 (smallest); default 6, as pg_dump's. */
    compressionLevel?: number;
    /** `doctor` reports a problem when the newest backup is older; default 26 hours. */
    maxAgeHours?: number;
  };
}

/** Types a `stowage.config.ts` (`export default defineConfig({...})`). */
export function defineConfig(config: StowageCliConfig): StowageCliConfig {
  return config;
}
