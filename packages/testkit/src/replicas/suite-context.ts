// What the read-replica suite receives from a driver, and the state it hands the tests. With one
// server, the "replica" is another database on it whose table holds different rows than the
// primary's, so every read shows which one answered. @stowage/testkit does not depend on
// @stowage/sql, so the little of SqlDatabase the suite needs is passed in as functions.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, ServerDatabaseConfig } from '@stowage/core';
import { afterAll, beforeAll } from 'vitest';
import { ConformanceAuthor } from '../repository/entities.ts';

export interface ReplicaConformanceOptions<D extends Database = Database> {
  /** Shown in the describe() title, e.g. "postgres" or "mariadb". */
  name: string;
  /** The server to test on; the suite creates its primary and replica databases there. */
  config: ServerDatabaseConfig;
  /** The driver's createDatabase, with a silent logger. */
  createDatabase(config: ServerDatabaseConfig): D;
  /** Creates the empty database `name` on the server, through `admin`. */
  createServerDatabase(admin: D, name: string): Promise<void>;
  /** Drops the database `name` if it exists, through `admin`. */
  dropServerDatabase(admin: D, name: string): Promise<void>;
  /** Creates the tables of the registered entities (SqlDatabase.syncSchema). */
  syncSchema(database: D): Promise<void>;
  /** Runs one raw SQL statement with `?` placeholders. */
  execute(database: D, sql: string, params: unknown[]): Promise<unknown>;
}

export type ReplicaSide = 'primary' | 'replica';

export interface ReplicaSuiteContext {
  /** The entity the suite uses: `name` tells the side that answered, `scope` is left alone by updates. */
  readonly Item: typeof ConformanceAuthor;
  /** The row present on both sides, with `name` set to the side's name and `scope` to "<side> scope". */
  readonly id: string;
  /** The database configured with the replica. */
  database(): Database;
  /** The row `rowId` as one side alone holds it (null when absent). */
  rowOn(side: ReplicaSide, rowId: string): Promise<unknown>;
}

const table = 'conformance_author';

/** Registers the hooks creating the two databases and their rows, and dropping them after. */
export function useReplicaSuiteContext<D extends Database>(
  options: ReplicaConformanceOptions<D>,
): ReplicaSuiteContext {
  const { config } = options;
  const Item = ConformanceAuthor;
  const suffix = randomBytes(6).toString('hex');
  const primaryName = `stowage_primary_${suffix}`;
  const replicaName = `stowage_replica_${suffix}`;
  const id = randomUUID();
  const replicaOnlyId = randomUUID();

  let admin: D | undefined;
  let database: D | undefined;
  /** Databases opened on one side only, to look at what each holds. */
  const direct: Record<ReplicaSide, D | undefined> = { primary: undefined, replica: undefined };

  const openDirect = async (name: string) => {
    const opened = options.createDatabase({ ...config, name });
    await opened.register([Item]);
    return opened;
  };
  /** Rows with a chosen id (create() generates it). */
  const insert = (opened: D, rowId: string, name: string, scope: string) =>
    options.execute(opened, `insert into ${table} (id, scope, name) values (?, ?, ?)`, [rowId, scope, name]);

  beforeAll(async () => {
    admin = options.createDatabase(config);
    await admin.register([]);
    for (const [side, name] of [
      ['primary', primaryName],
      ['replica', replicaName],
    ] as const) {
      await options.createServerDatabase(admin, name);
      const opened = await openDirect(name);
      direct[side] = opened;
      await options.syncSchema(opened);
      await insert(opened, id, side, `${side} scope`);
    }
    // A second row only on the replica, so counts differ too.
    if (direct.replica) await insert(direct.replica, replicaOnlyId, 'replica', 'only here');
    database = options.createDatabase({
      ...config,
      name: primaryName,
      replicas: [{ host: config.host, port: config.port, name: replicaName }],
    });
    await database.register([Item]);
  });

  afterAll(async () => {
    await database?.close();
    await direct.primary?.close();
    await direct.replica?.close();
    if (admin) {
      for (const name of [primaryName, replicaName]) await options.dropServerDatabase(admin, name);
      await admin.close();
    }
  });

  return {
    Item,
    id,
    database() {
      if (!database) throw new Error('replica conformance: the database is not open (setup failed?)');
      return database;
    },
    rowOn(side, rowId) {
      const opened = direct[side];
      if (!opened) throw new Error(`${side} is not open`);
      return opened.repository(Item).findOne({ id: rowId });
    },
  };
}
