// The Database a SQL driver package hands to createStowage(): MikroORM initialised with the
// registered entities (schema, metadata, migrations), and repositories on Stowage's statement
// layer — outside transactions on pooled connections, inside on one connection the transaction
// holds (transaction-session.ts, savepoints for nested calls). The SQL escape hatch (`sql`, a
// transaction's `sql`, `lazySql`) runs its statements through the same runners (escape-hatch/).
import { type Connection, type EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import {
  ConfigError,
  type Database,
  type DatabaseConfig,
  type DatabaseTransaction,
  type EntityDefinition,
  isStowageError,
  type Logger,
  type Relations,
  type Repository,
  type RepositoryOf,
  type SqlAccess,
} from '@stowage/core';
import { baseDefinition } from '@stowage/core/adapter';
import type { Kysely } from 'kysely';
import type { StatementRunner } from '../dialect/driver-sessions.ts';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import { checkReferences } from '../entity/check-references.ts';
import { describeEntity } from '../entity/describe-entity.ts';
import type { EntityModel } from '../entity/entity-model.ts';
import { toEntitySchema } from '../entity/to-entity-schema.ts';
import { mapDriverError } from '../errors/map-driver-error.ts';
import { constraintOwner } from '../escape-hatch/constraint-owner.ts';
import { entityRows } from '../escape-hatch/entity-rows.ts';
import { escapeHatch } from '../escape-hatch/escape-hatch.ts';
import { runnerExecution } from '../escape-hatch/runner-execution.ts';
import { type ExecuteCompiled, statementDialect } from '../escape-hatch/statement-dialect.ts';
import { type EntityStatements, entityStatements } from '../repository/entity-statements.ts';
import { repositoryEndpoint } from '../repository/repository-endpoint.ts';
import type { RepositoryScope } from '../repository/repository-scope.ts';
import { createSqlRepository } from '../repository/sql-repository.ts';
import { applySearchDdl, declareSearchSchema } from '../search/search-schema.ts';
import {
  type DatabaseProvisioning,
  describeDatabase,
  missingDatabaseError,
} from './database-provisioning.ts';
import { openTransaction } from './transaction-session.ts';

export interface SqlDatabaseOptions {
  dialect: SqlDialect;
  config: DatabaseConfig;
  logger: Logger;
  /**
   * Extra MikroORM options (tests: a schema per worker; apps: read replicas). `ensureDatabase:
   * true` creates the configured database when it is missing; MikroORM's own default (create
   * whatever DB_NAME names, typos included) is off.
   */
  orm?: Partial<Options>;
  /** How the driver tells a missing database and creates one (each driver package's). */
  provisioning?: DatabaseProvisioning;
}

export interface SqlDatabase extends Database {
  /** What the driver package brings (its migrations lock, sessions, error details). */
  readonly dialect: SqlDialect;
  /** The MikroORM instance, once entities are registered (for migrations and schema tools). */
  readonly orm: MikroORM;
  /** Creates or updates the tables of the registered entities (tests and prototypes; apps use migrations). */
  syncSchema(): Promise<void>;
  /**
   * Creates the configured database (SQLite: its folder and file) when it does not exist;
   * resolves true when it did. Opening never creates one: register() reports a missing database
   * as a ConfigError naming DB_NAME, unless `orm: { ensureDatabase: true }` was passed.
   */
  createIfMissing(): Promise<boolean>;
}

export function createSqlDatabase(options: SqlDatabaseOptions): SqlDatabase {
  const { dialect, provisioning } = options;
  const { ensureDatabase, ...ormOptions } = options.orm ?? {};
  let orm: MikroORM | undefined;
  // Set by close(): reading a closed pool would make MikroORM connect it again.
  let closed = false;
  const models = new Map<EntityDefinition, { model: EntityModel; schema: EntitySchema }>();
  const statements = new Map<EntityDefinition, EntityStatements>();
  // One runner per MikroORM connection (the primary, each replica): its pool.
  const runners = new WeakMap<Connection, StatementRunner>();

  const requireOrm = (): MikroORM => {
    if (!orm)
      throw new ConfigError(
        `${dialect.name}: no entities registered yet; pass them to createStowage({ entities })`,
      );
    return orm;
  };

  const modelOf = (entity: EntityDefinition) => {
    // A definition with relations (relate()) maps to the table of the one it was declared on.
    const model = models.get(entity) ?? models.get(baseDefinition(entity));
    if (!model) {
      throw new ConfigError(
        `${entity.name} is not registered with the database: pass it in createStowage(config, { entities: [...] })`,
        'entities',
      );
    }
    return model;
  };

  const statementsOf = (entity: EntityDefinition): EntityStatements => {
    const base = baseDefinition(entity);
    let found = statements.get(base);
    if (!found) {
      const { model, schema } = modelOf(base);
      found = entityStatements(requireOrm(), model, schema, dialect);
      statements.set(base, found);
    }
    return found;
  };

  const endpoint = repositoryEndpoint(options.config);
  const repositoryIn = (scope: RepositoryScope) => {
    const cache = new Map<EntityDefinition, Repository<object, unknown>>();
    return <D extends EntityDefinition>(entity: D): RepositoryOf<D> => {
      let repository = cache.get(entity);
      if (!repository) {
        const { model } = modelOf(entity);
        const relations = (entity as { relations?: Relations }).relations ?? {};
        repository = createSqlRepository(model, statementsOf(entity), scope, requireOrm(), dialect, {
          relations,
          statementsOf,
          endpoint,
        });
        cache.set(entity, repository);
      }
      return repository as unknown as RepositoryOf<D>;
    };
  };

  /** A driver error as a Stowage error; Stowage's own errors (and the caller's) pass as they are. */
  const mapped = (error: unknown) => {
    if (isStowageError(error) || !(error instanceof Error) || !orm) return error;
    return mapDriverError(orm.em.getDriver().convertException(error), dialect);
  };

  const pooled = (role: 'read' | 'write'): StatementRunner => {
    // MikroORM picks the connection: a random replica for reads when replicas are configured.
    const connection = requireOrm().em.getDriver().getConnection(role);
    let runner = runners.get(connection);
    if (!runner) {
      runner = dialect.sessions.pooled(connection);
      runners.set(connection, runner);
    }
    return runner;
  };

  /** An error of opening: a missing database is the operator's to fix, named as such. */
  const openError = (error: unknown) =>
    error instanceof Error && provisioning?.isMissingDatabase(error as Error & Record<string, unknown>)
      ? missingDatabaseError(options.config, 'does not exist', error)
      : mapDriverError(error, dialect);

  const createIfMissing = async () => {
    if (!provisioning)
      throw new ConfigError(`${dialect.name}: this driver cannot create databases`, 'DB_DRIVER');
    const created = await provisioning.createIfMissing(options.config);
    if (created) options.logger.info(`created ${describeDatabase(options.config)}`);
    return created;
  };

  const begin = () =>
    openTransaction(dialect.sessions, requireOrm().em.getDriver().getConnection('write'), mapped);

  /** A raw statement's driver error, naming the entity whose constraint it broke when known. */
  const statementError = (error: unknown) => {
    if (isStowageError(error) || !(error instanceof Error) || !orm) return error;
    const converted = orm.em.getDriver().convertException(error);
    const owners = [...models.values()].map((m) => m.model);
    return mapDriverError(converted, dialect, constraintOwner(owners, dialect, converted));
  };

  const rows = entityRows((entity) => statementsOf(entity).table);
  /** The escape hatch whose statements `execute` runs; compiled by MikroORM's own Kysely. */
  const sqlOver = (execute: ExecuteCompiled): SqlAccess => {
    const current = requireOrm();
    // biome-ignore lint/suspicious/noExplicitAny: MikroORM's client is not typed by table.
    const client = (current.em.getConnection() as unknown as { getClient(): Kysely<any> }).getClient();
    const schema = current.config.get('schema');
    const qualified =
      schema && schema !== current.em.getPlatform().getDefaultSchemaName() ? schema : undefined;
    return escapeHatch(statementDialect(client, execute, dialect.name), qualified, rows, modelOf);
  };
  const statementsOn = (runner: () => StatementRunner) =>
    sqlOver(runnerExecution(runner, dialect.bindValue, statementError, dialect.name));
  // Outside transactions the primary, never a replica: a raw read must see the write before it.
  let pooledSql: SqlAccess | undefined;

  // Outside a transaction every statement takes a pooled connection of its own.
  const outside = repositoryIn({
    inTransaction: false,
    runner: pooled,
    async atomically(work) {
      const tx = await begin();
      return tx.run(work);
    },
  });

  type Session = Awaited<ReturnType<typeof begin>>;
  // One escape hatch per transaction, shared by its savepoints (one connection), made at first use.
  const transactionSql = new WeakMap<Session, SqlAccess>();
  const sqlOf = (tx: Session) => {
    let found = transactionSql.get(tx);
    if (!found) {
      found = statementsOn(() => tx.session);
      transactionSql.set(tx, found);
    }
    return found;
  };
  const transactionOn = (tx: Session): DatabaseTransaction => ({
    repository: repositoryIn({
      inTransaction: true,
      runner: () => tx.session,
      atomically: (work) => work(tx.session),
    }),
    transaction: (work) => tx.savepoint(() => work(transactionOn(tx))),
    get sql() {
      return sqlOf(tx);
    },
  });

  return {
    driver: dialect.name,
    dialect,
    get orm() {
      return requireOrm();
    },

    async register(entities) {
      if (orm) throw new ConfigError(`${dialect.name}: entities are already registered`, 'entities');
      const described = entities.map((entity) => [entity, describeEntity(entity)] as const);
      // A bad reference is reported naming entity and field, before MikroORM sees it.
      checkReferences(described.map(([, model]) => model));
      // Keyed by the definition relate() was given, so either one can be registered.
      for (const [entity, model] of described)
        models.set(baseDefinition(entity), { model, schema: toEntitySchema(model) });
      if (ensureDatabase) await createIfMissing();
      else provisioning?.checkBeforeOpen?.(options.config);
      try {
        orm = await MikroORM.init({
          ...dialect.ormOptions(options.config),
          ...ormOptions,
          // Never MikroORM's implicit creation (see database-provisioning.ts).
          ensureDatabase: false,
          entities: [...models.values()].map((m) => m.schema),
          allowGlobalContext: false,
          discovery: { warnWhenNoEntities: false },
        } as Options);
      } catch (error) {
        throw openError(error);
      }
      // MikroORM connects lazily; a server that is down or refuses the credentials should fail
      // here, at start-up, with a typed error, not at the first query.
      // (checkConnection() hides the driver's error, so a trivial query does the check.)
      try {
        await orm.em.getConnection().execute('select 1');
      } catch (error) {
        const failed = orm;
        orm = undefined;
        await failed.close(true).catch(() => {});
        throw openError(error);
      }
    },

    createIfMissing,

    repository: (entity) => outside(entity),

    get sql() {
      pooledSql ??= statementsOn(() => pooled('write'));
      return pooledSql;
    },

    // The opened transaction's own escape hatch runs each statement: its connection, its errors.
    lazySql: (open) => sqlOver(async (query) => (await open()).sql.executeQuery(query)),

    async transaction(work) {
      const tx = await begin();
      return tx.run(() => work(transactionOn(tx)));
    },

    async syncSchema() {
      try {
        const current = requireOrm();
        const schema = current.config.get('schema');
        // Safe: creates and alters, never drops. MikroORM's default diff would drop every schema
        // (namespace) in the database that this ORM does not map — other applications', or other
        // test runs'. Limited to this ORM's own schema when it has one.
        declareSearchSchema(current, dialect);
        await current.schema.update({ safe: true, ...(schema ? { schema } : {}) });
        await applySearchDdl(current, dialect);
      } catch (error) {
        throw mapDriverError(error, dialect);
      }
    },

    async health() {
      const current = requireOrm();
      const started = performance.now();
      try {
        await current.em.getConnection().execute('select 1');
      } catch (error) {
        throw mapDriverError(error, dialect);
      }
      const latencyMs = performance.now() - started;
      const pool = await dialect.poolUsage?.(current.em.getConnection());
      const connections = dialect.serverConnectionsSql
        ? (
            (await current.em.getConnection().execute(dialect.serverConnectionsSql)) as {
              open: unknown;
              max: unknown;
            }[]
          )[0]
        : undefined;
      return {
        latencyMs,
        ...(pool ? { pool } : {}),
        ...(connections
          ? { connections: { open: Number(connections.open), max: Number(connections.max) } }
          : {}),
      };
    },

    async poolUsage() {
      if (!orm || closed || !dialect.poolUsage || 'path' in options.config) return undefined;
      const { host, port, name } = options.config;
      const usage = await dialect.poolUsage(orm.em.getConnection('write'));
      return { name: `${host}:${port}/${name}`, ...usage };
    },

    async close() {
      closed = true;
      await orm?.close(true);
    },
  };
}

/** The SqlDatabase behind a Database the factory opened, or a ConfigError naming what it is. */
export function asSqlDatabase(database: Database): SqlDatabase {
  if ('orm' in database && 'syncSchema' in database) return database as SqlDatabase;
  throw new ConfigError(
    `migrations need a SQL database (@stowage/postgres, @stowage/mysql or @stowage/sqlite); got driver "${database.driver}"`,
    'DB_DRIVER',
  );
}
