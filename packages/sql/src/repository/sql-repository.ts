// Repository<E> on the statement layer (../statements): every input is validated by the entity's
// zod schema (and filters by translate-filter) before any SQL is sent; each statement is compiled
// once per shape and then only bound and executed, values always apart from the SQL text. Rows
// come back as plain objects, so a change is always explicit. Driver errors are mapped by
// map-driver-error.
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import {
  ConflictError,
  type EntityDefinition,
  type Filter,
  type FindOptions,
  isStowageError,
  NotFoundError,
  OptimisticLockError,
  type OrderBy,
  type Page,
  type PageOptions,
  type Relations,
  type Repository,
  type UpdateOptions,
  ValidationError,
  type ValidationIssue,
} from '@stowage/core';
import { publishStatement } from '@stowage/core/adapter';
import type { StatementRunner } from '../dialect/driver-sessions.ts';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import type { EntityModel, FieldModel } from '../entity/entity-model.ts';
import { mapDriverError } from '../errors/map-driver-error.ts';
import type { BoundFilter, FilterNode } from '../filter/filter-node.ts';
import { translateFilter, translateOrderBy } from '../filter/translate-filter.ts';
import { unstorableIssue } from '../filter/unstorable-character.ts';
import { keysetCondition, type OrderTerm, orderShape } from '../statements/order.ts';
import type { JoinedOne } from '../statements/select-statements.ts';
import { selectCount, selectExists, selectRows } from '../statements/select-statements.ts';
import { type CompiledStatement, parametersOf } from '../statements/slot.ts';
import { deleteRows, updateRow, upsertOnDuplicateKey, upsertRow } from '../statements/write-statements.ts';
import { aggregateRows } from './aggregate-rows.ts';
import { createRows } from './create-rows.ts';
import type { EntityStatements } from './entity-statements.ts';
import { filterRelations } from './filter-relations.ts';
import {
  attachJoined,
  type IncludeContext,
  includeKeys,
  includePlanner,
  loadIncludes,
  splitJoins,
} from './include-loader.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import type { RepositoryEndpoint } from './repository-endpoint.ts';
import type { RepositoryScope } from './repository-scope.ts';
import { rowToEntity } from './row-to-entity.ts';
import { searchRows } from './search-rows.ts';
import { tracedRepository } from './traced-repository.ts';

type Row = Record<string, unknown>;

/** OFFSET needs a LIMIT on SQLite and MySQL: "no limit" is the largest safe integer. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

function invalid(model: EntityModel, path: string, message: string): ValidationError {
  return ValidationError.forEntity(model.definition.name, [{ path, message }]);
}

function checkCount(model: EntityModel, name: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) throw invalid(model, name, `must be an integer ≥ ${min}`);
}

/** The fields a `select` names, in its order; ValidationError unless it is a non-empty list of distinct field names. */
function selectedFields(model: EntityModel, select: unknown): FieldModel[] | undefined {
  if (select === undefined) return undefined;
  if (!Array.isArray(select) || select.length === 0) {
    throw invalid(model, 'select', 'must be a non-empty list of field names');
  }
  const fields: FieldModel[] = [];
  for (const name of select) {
    // A Map lookup: `__proto__` or `constructor` is no field either.
    const field = typeof name === 'string' ? model.fields.get(name) : undefined;
    if (!field)
      throw invalid(
        model,
        'select',
        `${JSON.stringify(String(name))} is not a field of ${model.definition.name}`,
      );
    if (fields.includes(field)) throw invalid(model, 'select', `${JSON.stringify(name)} is named twice`);
    fields.push(field);
  }
  return fields;
}

/** ValidationError for characters no database stores as sent (NUL, lone surrogates) in `data`. */
function checkStorable(model: EntityModel, data: Row, prefix = ''): void {
  const issues: ValidationIssue[] = [];
  for (const field of model.fields.values()) {
    const issue = unstorableIssue(data[field.name], `${prefix}${field.name}`);
    if (issue) issues.push(issue);
  }
  if (issues.length > 0) throw ValidationError.forEntity(model.definition.name, issues);
}

/** The relations of the definition a repository was asked for, and how to reach their entities. */
export interface RepositoryLinks {
  readonly relations: Relations;
  statementsOf(definition: EntityDefinition): EntityStatements;
  /** The system and server its calls reach, for their diagnostics. */
  readonly endpoint?: RepositoryEndpoint;
}

export function createSqlRepository<E extends object, C>(
  model: EntityModel,
  statements: EntityStatements,
  scope: RepositoryScope,
  orm: MikroORM,
  dialect: SqlDialect,
  links: RepositoryLinks = { relations: {}, statementsOf: () => statements },
): Repository<E, C> {
  const { definition } = model;
  const { table, cache } = statements;
  const name = definition.name;
  const key = model.primaryKey;
  const pk = key.name;
  const versionField = definition.version ? model.fields.get(definition.version) : undefined;
  const toParameter = (field: FieldModel) => table.parameter(field);

  const fail = (error: unknown): never => {
    if (isStowageError(error)) throw error;
    const converted = error instanceof Error ? orm.em.getDriver().convertException(error) : error;
    throw mapDriverError(converted, dialect, model);
  };

  /** Runs the statement of `shape` (compiled by `build` the first time, kept in `into`) with `values`. */
  const execute = async (
    runner: StatementRunner,
    shape: string,
    build: () => CompiledStatement,
    values: readonly unknown[],
    into: EntityStatements['cache'] = cache,
  ) => {
    const { value: statement, cached } = into.get(shape, build);
    publishStatement(() => ({ system: dialect.name, entity: name, query: statement.sql }));
    try {
      return await runner.run(statement.sql, parametersOf(statement, values), cached);
    } catch (error) {
      return fail(error);
    }
  };

  const checkId = (id: unknown): void => {
    if (!key.base.safeParse(id).success)
      throw invalid(model, pk, `not a valid ${pk}: ${JSON.stringify(String(id))}`);
  };

  const toEntity = (row: Row) => table.toEntity<E>(row);

  // Related entities' statements run in this repository's scope (a transaction's own connection).
  const includeContext: IncludeContext = {
    statementsOf: links.statementsOf,
    run: async (target, shape, build, values) =>
      (await execute(scope.runner('read'), shape, build, values, target.cache)).rows,
  };
  const planIncludes = includePlanner(model, links.relations, includeContext);
  /** An include's plans: many-to-one relations joined into the rows' statement, the rest after. */
  const includesOf = (include: unknown) => {
    const plans = planIncludes(include);
    const { joins, later, shape } = splitJoins(plans);
    return {
      plans,
      later,
      joins,
      joined: joins.map((join) => join.join),
      shape: shape ? `:join(${shape})` : '',
    };
  };
  /** `entities` (read from the driver's `rows`) with the relations of `includes` on them. */
  const withIncludes = async <T>(
    entities: T[],
    rows: readonly Row[],
    includes: ReturnType<typeof includesOf>,
  ): Promise<T[]> => {
    if (includes.joins.length > 0)
      await attachJoined(includeContext, entities as Row[], rows, includes.joins);
    if (includes.later.length > 0) await loadIncludes(includeContext, entities as Row[], includes.later);
    return entities;
  };
  const relationScope = filterRelations(model, links.relations, links);
  const filterOf = (filter: unknown): BoundFilter =>
    translateFilter(model, filter, table.binding, relationScope);
  const byKey: FilterNode = { kind: 'compare', field: key, op: '=', slot: 0 };

  const orderOf = (orderBy: unknown): OrderTerm[] =>
    Object.entries(translateOrderBy(model, orderBy)).map(([field, direction]) => ({
      field: model.fields.get(field) as FieldModel,
      desc: direction === 'desc',
    }));

  /** The page order: the key last, so the order is total and pages neither repeat nor skip. */
  const pageOrderOf = (orderBy: unknown): OrderTerm[] => {
    const order = orderOf(orderBy);
    return order.some((term) => term.field.primary) ? order : [...order, { field: key, desc: false }];
  };

  const readById = async (runner: StatementRunner, id: unknown): Promise<E | null> => {
    const { rows } = await execute(runner, 'byId', () => selectRows(table, { where: byKey, order: [] }), [
      toParameter(key)(id),
    ]);
    const row = rows[0];
    return row ? toEntity(row) : null;
  };

  /** Up to `limit` rows of `where` after `after` (order values of the last row seen), plus one. */
  const pageAfter = async (
    where: BoundFilter,
    order: readonly OrderTerm[],
    after: readonly unknown[] | undefined,
    limit: number,
    joins: { joined: readonly JoinedOne[]; shape: string } = { joined: [], shape: '' },
  ): Promise<{ items: E[]; rows: Row[]; more: boolean }> => {
    const values = [...where.values];
    let node = where.node;
    let shape = `page:${where.shape}:${orderShape(order)}${joins.shape}`;
    if (after) {
      const keyset = keysetCondition(order, after, (field, value) => {
        values.push(toParameter(field)(value));
        return values.length - 1;
      });
      node = { kind: 'and', nodes: [where.node, keyset.node] };
      shape += `:${keyset.shape}`;
    }
    values.push(limit + 1);
    const limitSlot = values.length - 1;
    const { rows } = await execute(
      scope.runner('read'),
      shape,
      () => selectRows(table, { where: node, order, limit: limitSlot, joins: joins.joined }),
      values,
    );
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    return { items: kept.map(toEntity), rows: kept, more };
  };

  const orderValues = (order: readonly OrderTerm[], entity: E) =>
    order.map((term) => (entity as Row)[term.field.name] ?? null);

  // Values Stowage manages: generated key, version 1, timestamps.
  const prepareCreate = (input: unknown, now: Date): Row => {
    const data = definition.parseCreate(input) as Row;
    checkStorable(model, data);
    if (definition.generated === 'uuid' && data[pk] === undefined) data[pk] = randomUUID();
    if (definition.version) data[definition.version] = 1;
    if (definition.timestamps.createdAt) data[definition.timestamps.createdAt] = now;
    if (definition.timestamps.updatedAt) data[definition.timestamps.updatedAt] = now;
    return data;
  };

  const insert = async (rows: Row[]): Promise<E[]> => {
    try {
      const keys = await createRows(table, cache, scope, rows);
      return rows.map((row, i) => rowToEntity<E>(model, { ...row, [pk]: keys[i] }));
    } catch (error) {
      return fail(error);
    }
  };

  /** The row whose `fields` equal `data`'s, read on the primary. */
  const readWhere = async (fields: readonly string[], data: Row): Promise<E | undefined> => {
    const bound = filterOf(Object.fromEntries(fields.map((field) => [field, data[field] ?? null])));
    const { rows } = await execute(
      scope.runner('write'),
      `one:${bound.shape}`,
      () => selectRows(table, { where: bound.node, order: [], limit: bound.values.length }),
      [...bound.values, 1],
    );
    const row = rows[0];
    return row ? toEntity(row) : undefined;
  };

  const repository: Repository<E, C> = {
    async findById(id) {
      checkId(id);
      return readById(scope.runner('read'), id);
    },

    async getById(id) {
      const found = await repository.findById(id);
      if (!found) throw NotFoundError.entity(name, id);
      return found;
    },

    async findOne(filter: Filter<E>, options?: { include?: unknown }) {
      const where = filterOf(filter);
      const includes = includesOf(options?.include);
      const limit = where.values.length;
      const { rows } = await execute(
        scope.runner('read'),
        `one:${where.shape}${includes.shape}`,
        () => selectRows(table, { where: where.node, order: [], limit, joins: includes.joined }),
        [...where.values, 1],
      );
      const row = rows[0];
      if (!row) return null;
      const [found] = await withIncludes([toEntity(row)], rows, includes);
      return found as never;
    },

    async find<K extends keyof E & string>(filter: Filter<E> = {}, options: FindOptions<E, K> = {}) {
      const where = filterOf(filter);
      const order = orderOf(options.orderBy);
      checkCount(model, 'limit', options.limit, 0);
      checkCount(model, 'offset', options.offset, 0);
      const fields = selectedFields(model, options.select);
      const includes = includesOf(options.include);
      const missing = fields && includeKeys(includes.plans).find((key) => !fields.includes(key));
      if (missing)
        throw invalid(
          model,
          'select',
          `must name ${missing.name}: the include reads it to find related rows`,
        );
      const projection = fields && table.projection(fields);
      const values = [...where.values];
      const limited = options.limit !== undefined || options.offset !== undefined;
      const limit = limited ? values.push(options.limit ?? NO_LIMIT) - 1 : undefined;
      const offset = options.offset === undefined ? undefined : values.push(options.offset) - 1;
      const { rows } = await execute(
        scope.runner('read'),
        `find:${where.shape}:${orderShape(order)}:${limit === undefined ? '' : 'l'}${offset === undefined ? '' : 'o'}` +
          (fields ? `:select${JSON.stringify(fields.map((field) => field.name))}` : '') +
          includes.shape,
        () =>
          selectRows(table, {
            where: where.node,
            order,
            ...(limit === undefined ? {} : { limit }),
            ...(offset === undefined ? {} : { offset }),
            ...(fields ? { fields } : {}),
            joins: includes.joined,
          }),
        values,
      );
      const found = rows.map((row) => (projection ? projection.toEntity<Pick<E, K>>(row) : toEntity(row)));
      return (await withIncludes(found, rows, includes)) as never;
    },

    async findPage(filter: Filter<E>, options: PageOptions<E>) {
      const where = filterOf(filter);
      checkCount(model, 'limit', options.limit, 1);
      const includes = includesOf(options.include);
      const order = pageOrderOf(options.orderBy);
      const after = options.cursor === undefined ? undefined : decodeCursor(model, order, options.cursor);
      const { items, rows, more } = await pageAfter(where, order, after, options.limit, includes);
      await withIncludes(items, rows, includes);
      const last = items.at(-1);
      const page: Page<E> =
        more && last ? { items, nextCursor: encodeCursor(order, last as Row) } : { items };
      return page as never;
    },

    async count(filter: Filter<E> = {}) {
      const where = filterOf(filter);
      const { rows } = await execute(
        scope.runner('read'),
        `count:${where.shape}`,
        () => selectCount(table, where.node),
        where.values,
      );
      return Number(rows[0]?.n ?? 0);
    },

    async search(text, options) {
      const context = {
        model,
        table,
        filterOf,
        run: (shape: string, build: () => CompiledStatement, values: readonly unknown[]) =>
          execute(scope.runner('read'), `search:${shape}`, build, values),
      };
      return (await searchRows(context, text, options)) as E[];
    },

    async aggregate(options) {
      const context = {
        model,
        table,
        filterOf,
        run: (shape: string, build: () => CompiledStatement, values: readonly unknown[]) =>
          execute(scope.runner('read'), `aggregate:${shape}`, build, values),
      };
      return (await aggregateRows(context, options)) as never;
    },

    async exists(filter: Filter<E>) {
      const where = filterOf(filter);
      const { rows } = await execute(
        // The primary: a row just written must be found.
        scope.runner('write'),
        `exists:${where.shape}`,
        () => selectExists(table, where.node, where.values.length),
        [...where.values, 1],
      );
      return rows.length > 0;
    },

    async create(input: C) {
      const [created] = await insert([prepareCreate(input, new Date())]);
      return created as E;
    },

    async createMany(inputs: readonly C[]) {
      if (!Array.isArray(inputs)) throw invalid(model, '', 'createMany takes an array');
      const now = new Date();
      const issues: ValidationIssue[] = [];
      const rows: Row[] = [];
      inputs.forEach((input, i) => {
        try {
          rows.push(prepareCreate(input, now));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          for (const issue of error.issues)
            issues.push({ path: `${i}.${issue.path}`, message: issue.message });
        }
      });
      // All or nothing: one bad row means no SQL at all.
      if (issues.length > 0) throw ValidationError.forEntity(name, issues);
      if (rows.length === 0) return [];
      return insert(rows);
    },

    async update(id, patch: Partial<E>, options: UpdateOptions = {}) {
      checkId(id);
      const changes = definition.parsePatch(patch) as Row;
      checkStorable(model, changes);
      const managed = [pk, definition.version, definition.timestamps.createdAt].filter(Boolean) as string[];
      const forbidden = managed.filter((field) => field in changes);
      if (forbidden.length > 0) {
        throw ValidationError.forEntity(
          name,
          forbidden.map((path) => ({ path, message: 'is managed by Stowage and cannot be updated' })),
        );
      }
      const { expectedVersion } = options;
      if (expectedVersion !== undefined && !versionField) {
        throw invalid(model, 'expectedVersion', `${name} has no version field`);
      }
      checkCount(model, 'expectedVersion', expectedVersion, 0);
      if (definition.timestamps.updatedAt) changes[definition.timestamps.updatedAt] = new Date();
      // Fields in model order, so one set of changed fields is one statement.
      const values: unknown[] = [toParameter(key)(id)];
      const set: { field: FieldModel; slot: number }[] = [];
      for (const field of model.fields.values()) {
        if (!(field.name in changes)) continue;
        set.push({ field, slot: values.push(toParameter(field)(changes[field.name])) - 1 });
      }
      let where: FilterNode = byKey;
      if (expectedVersion !== undefined && versionField) {
        const slot = values.push(toParameter(versionField)(expectedVersion)) - 1;
        where = { kind: 'and', nodes: [byKey, { kind: 'compare', field: versionField, op: '=', slot }] };
      }
      const shape = `update:${set.map((s) => s.field.name).join(',')}:${expectedVersion === undefined ? '' : 'v'}`;
      const runner = scope.runner('write');
      const result = await execute(
        runner,
        shape,
        () => updateRow(table, { set, version: versionField, where }),
        values,
      );
      const returned = result.rows[0];
      if (returned) return toEntity(returned);
      // Read back from the primary: a replica may not have the change yet. (MySQL has no
      // RETURNING, and counts only rows whose values changed.)
      const current = await readById(runner, id);
      if (!current) throw NotFoundError.entity(name, id);
      if (result.affected === 0 && (table.returning || expectedVersion !== undefined)) {
        throw OptimisticLockError.versionMismatch(name, id, expectedVersion ?? -1);
      }
      return current;
    },

    async delete(id) {
      checkId(id);
      const { affected } = await execute(scope.runner('write'), 'delete', () => deleteRows(table, byKey), [
        toParameter(key)(id),
      ]);
      return affected > 0;
    },

    async upsert(input: C, options) {
      const onConflict: string[] = [...(options?.onConflict ?? [])];
      const unique = definition.indexes.some(
        (index) =>
          index.unique &&
          index.fields.length === onConflict.length &&
          index.fields.every((f) => onConflict.includes(f)),
      );
      if (!unique && !(onConflict.length === 1 && onConflict[0] === pk)) {
        throw invalid(model, 'onConflict', `(${onConflict.join(', ')}) is not a unique key of ${name}`);
      }
      const keyGiven = (input as Row | undefined)?.[pk] !== undefined;
      const data = prepareCreate(input, new Date());
      // What an update may change: not the key, the unique fields, createdAt or the version.
      const keep = new Set(
        [pk, ...onConflict, definition.timestamps.createdAt, definition.version].filter(Boolean),
      );
      const patch = Object.fromEntries(
        Object.entries(data).filter(([field]) => !keep.has(field)),
      ) as Partial<E>;
      const updated = Object.keys(patch);
      const values: unknown[] = [];
      const insert = [...model.fields.values()]
        .filter((field) => data[field.name] !== undefined)
        .map((field) => ({ field, slot: values.push(toParameter(field)(data[field.name])) - 1 }));
      const upsertShape = {
        insert,
        conflict: onConflict.map((field) => model.fields.get(field) as FieldModel),
        update: [...model.fields.values()].filter((field) => updated.includes(field.name)),
        version: versionField,
      };
      const shape = `upsert:${insert.map((i) => i.field.name)}:${onConflict}:${updated}`;
      if (table.returning && updated.length > 0) {
        // One statement where the database has INSERT … ON CONFLICT … RETURNING.
        const { rows } = await execute(
          scope.runner('write'),
          shape,
          () => upsertRow(table, upsertShape),
          values,
        );
        return toEntity(rows[0] as Row);
      }
      // MySQL's ON DUPLICATE KEY UPDATE fires on any unique key: only when the conflict fields
      // are the one a new row can hit (no other unique index, a key Stowage generated just now).
      const otherUnique = definition.indexes.some(
        (index) =>
          index.unique &&
          !(index.fields.length === onConflict.length && index.fields.every((f) => onConflict.includes(f))),
      );
      if (
        !table.returning &&
        updated.length > 0 &&
        !otherUnique &&
        !keyGiven &&
        definition.generated !== 'none'
      ) {
        const runner = scope.runner('write');
        const result = await execute(runner, shape, () => upsertOnDuplicateKey(table, upsertShape), values);
        // 1: inserted; 2 (or 0 without a change): the existing row was updated.
        if (result.affected === 1) {
          const generated = key.generated === 'increment' ? result.insertId : undefined;
          return rowToEntity<E>(
            model,
            generated === undefined
              ? data
              : { ...data, [pk]: key.kind === 'bigint' ? generated : Number(generated) },
          );
        }
        const row = await readWhere(onConflict, data);
        if (row) return row;
      }
      const updateExisting = async (): Promise<E | null> => {
        const existing = await readWhere(onConflict, data);
        return existing === undefined ? null : repository.update((existing as Row)[pk], patch);
      };
      // Read, then insert or update; an insert that loses a race to another upsert updates instead.
      const existing = await updateExisting();
      if (existing) return existing;
      try {
        return await repository.create(input);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const raced = await updateExisting();
        if (!raced) throw error;
        return raced;
      }
    },

    async *stream(filter: Filter<E> = {}, options = {}) {
      const batchSize = options.batchSize ?? 500;
      checkCount(model, 'batchSize', batchSize, 1);
      // One translation for the whole scan; each batch binds the last row's order values.
      const where = filterOf(filter);
      const order = pageOrderOf((options as { orderBy?: OrderBy<E> }).orderBy);
      let after: unknown[] | undefined;
      for (;;) {
        const { items, more } = await pageAfter(where, order, after, batchSize);
        yield* items;
        const last = items.at(-1);
        if (!more || !last) return;
        after = orderValues(order, last);
      }
    },
  };
  return tracedRepository(
    repository,
    {
      namespace: orm.config.get('dbName'),
      entity: name,
      collection: table.table,
      inTransaction: scope.inTransaction,
    },
    links.endpoint ?? { system: dialect.name, replicaReads: false },
  );
}
