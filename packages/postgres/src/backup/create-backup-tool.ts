// The DatabaseBackupTool of @stowage/postgres: pg_dump's custom format out, pg_restore in, and
// checksums, tables and scratch databases over the tool's own short-lived pg connections.
import type { Readable } from 'node:stream';
import {
  ConfigError,
  type DatabaseBackupTool,
  type DatabaseConfig,
  type DumpOptions,
  type DumpSession,
  type RestoreOptions,
  type ServerDatabaseConfig,
  type TableChecksum,
} from '@stowage/core';
import type { AdapterContext } from '@stowage/core/adapter';
import { runningDumps } from '@stowage/sql';
import type pg from 'pg';
import { startDump } from './dump-session.ts';
import { openConnection } from './open-connection.ts';
import { restoreDump } from './restore-dump.ts';
import {
  checkScratchName,
  createScratchDatabase,
  dropScratchDatabase,
  scratchName,
} from './scratch-database.ts';
import { listTables, tableChecksums } from './table-checksums.ts';
import { toolError } from './tool-error.ts';

export const PG_DUMP_FORMAT = 'pg_dump-custom';

class PostgresBackupTool implements DatabaseBackupTool {
  readonly driver = 'postgres';
  readonly format = PG_DUMP_FORMAT;
  readonly database: string;
  readonly #config: ServerDatabaseConfig;
  readonly #logger: AdapterContext['logger'];
  /** Dumps still running, aborted by close(). */
  readonly #dumps = runningDumps();

  constructor(config: ServerDatabaseConfig, context: AdapterContext) {
    this.#config = config;
    this.#logger = context.logger;
    this.database = config.name;
  }

  async dump(options?: DumpOptions): Promise<DumpSession> {
    const session = this.#dumps.track(await startDump(this.#config, options));
    this.#logger.debug('pg_dump started', { database: this.database });
    return session;
  }

  async restore(source: Readable, options?: RestoreOptions): Promise<void> {
    const target = options?.target ?? this.database;
    this.#logger.debug('pg_restore started', { database: target, force: options?.force ?? false });
    await restoreDump(this.#config, source, options);
  }

  tables(target?: string): Promise<string[]> {
    return this.#withClient(target ?? this.database, 'listing the tables of', listTables);
  }

  checksums(target?: string): Promise<TableChecksum[]> {
    return this.#withClient(target ?? this.database, 'checksumming', tableChecksums);
  }

  async createScratch(): Promise<string> {
    const name = scratchName();
    await this.#withClient(this.database, `creating scratch database ${name} from`, (client) =>
      createScratchDatabase(client, name),
    );
    return name;
  }

  async dropScratch(name: string): Promise<void> {
    checkScratchName(name);
    await this.#withClient(this.database, `dropping scratch database ${name} from`, (client) =>
      dropScratchDatabase(client, name),
    );
  }

  async close(): Promise<void> {
    await this.#dumps.abortAll();
  }

  /** Runs `work` on a fresh client of `database`; failures mapped, the password masked. */
  async #withClient<T>(database: string, doing: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await openConnection(this.#config, database);
    try {
      return await work(client);
    } catch (error) {
      throw toolError(error, {
        doing: `${doing} ${database}`,
        password: this.#config.password,
        context: { database },
      });
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** The module's createBackupTool for DB_DRIVER=postgres. */
export function createBackupTool(config: DatabaseConfig, context: AdapterContext): DatabaseBackupTool {
  if (config.driver !== 'postgres') {
    throw new ConfigError(`@stowage/postgres cannot back up a ${config.driver} database`, 'DB_DRIVER');
  }
  return new PostgresBackupTool(config, context);
}
