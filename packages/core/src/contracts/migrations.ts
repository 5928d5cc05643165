// Schema migrations as the SQL driver packages offer them (built on MikroORM's migrator in
// @stowage/sql) and the `stowage migrate` commands use them.

export interface MigrationsOptions {
  /** This application's migrations folder; also holds `.snapshot.json`, the schema as of the last `create`. */
  folder: string;
  /** The table recording executed migrations (default "stowage_migrations"). */
  tableName?: string;
  /** How long `up`/`down` wait for another process's run to finish (default 60 s). */
  lockTimeoutMs?: number;
}

export interface CreatedMigration {
  /** `YYYYMMDDHHMMSS_description`, as recorded once executed. */
  name: string;
  path: string;
}

export interface ExecutedMigration {
  name: string;
  executedAt: Date;
}

export interface MigrationStatus {
  /** In execution order. */
  executed: ExecutedMigration[];
  /** In the order `up` would apply them. */
  pending: string[];
}

export interface Migrations {
  /** Writes a migration for the entity changes since the last one; null when there are none. */
  create(description: string): Promise<CreatedMigration | null>;
  /** Applies the pending migrations (up to and including `to`); returns the names applied. */
  up(options?: { to?: string }): Promise<string[]>;
  /** Reverts executed migrations newer than `to` (0: all of them); returns the names reverted. */
  down(options: { to: string | 0 }): Promise<string[]>;
  status(): Promise<MigrationStatus>;
}
