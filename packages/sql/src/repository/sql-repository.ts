// Repository<E> over MikroORM. Every input is validated by the entity's zod schema (and filters
// by translate-filter) before any SQL is sent; reads bypass the identity map and return plain
// objects; writes are native statements, so a returned entity is never a managed instance and a
// change is always explicit. Driver errors are mapped by map-driver-error.
import { randomUUID } from 'node:crypto';
import { Cursor, type EntitySchema, raw } from '@mikro-orm/core';
import {
  ConflictError,
  type Filter,
  type FindOptions,
  NotFoundError,
  OptimisticLockError,
  type OrderBy,
  type Page,
  type PageOptions,
  type Repository,
  type UpdateOptions,
  ValidationError,
  type ValidationIssue,
} from '@stowage/core';
import type { EntityModel } from '../entity/entity-model.ts';
import { mapDriverError } from '../errors/map-driver-error.ts';
import { translateFilter, translateOrderBy } from '../filter/translate-filter.ts';
import { type FindByIdStatement, prepareFindById } from './find-by-id-statement.ts';
import { type InsertStatement, prepareInsert } from './insert-statement.ts';
import type { RepositoryScope } from './repository-scope.ts';
import { rowToEntity } from './row-to-entity.ts';

type Row = Record<string, unknown>;

function isCursorFor(cursor: string, fields: number): boolean {
  try {
    const values = Cursor.decode(cursor);
    return Array.isArray(values) && values.length === fields;
  } catch {
    return false;
  }
}

function invalid(model: EntityModel, path: string, message: string): ValidationError {
  return ValidationError.forEntity(model.definition.name, [{ path, message }]);
}

function checkCount(model: EntityModel, name: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) throw invalid(model, name, `must be an integer ≥ ${min}`);
}

export function createSqlRepository<E extends object, C>(
  model: EntityModel,
  schema: EntitySchema,
  scope: RepositoryScope,
): Repository<E, C> {
  const { definition } = model;
  const name = definition.name;
  // MikroORM is addressed through the EntitySchema; rows are untyped records on this side.
  // biome-ignore lint/suspicious/noExplicitAny: MikroORM's generics cannot follow a runtime-built schema.
  const entity = schema as EntitySchema<any>;
  const pk = model.primaryKey.name;
  const versionColumn = definition.version
    ? (model.fields.get(definition.version)?.column ?? definition.version)
    : '';

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapDriverError(error, scope.dialect, model);
    }
  };

  const checkId = (id: unknown): void => {
    if (!model.primaryKey.base.safeParse(id).success)
      throw invalid(model, pk, `not a valid ${pk}: ${JSON.stringify(String(id))}`);
  };

  const toEntity = (row: object) => rowToEntity<E>(model, row);
  let leanFindById: FindByIdStatement | null | undefined;
  let insertStatement: InsertStatement | undefined;

  // Values Stowage manages: generated key, version 1, timestamps.
  const prepareCreate = (input: unknown, now: Date): Row => {
    const data = definition.parseCreate(input) as Row;
    if (definition.generated === 'uuid' && data[pk] === undefined) data[pk] = randomUUID();
    if (definition.version) data[definition.version] = 1;
    if (definition.timestamps.createdAt) data[definition.timestamps.createdAt] = now;
    if (definition.timestamps.updatedAt) data[definition.timestamps.updatedAt] = now;
    return data;
  };

  const orderWithKey = (orderBy: OrderBy<E> | undefined): Record<string, 'asc' | 'desc'> => {
    const order = translateOrderBy(model, orderBy);
    // A unique last key makes the order total, so pages and streams neither repeat nor skip.
    return pk in order ? order : { ...order, [pk]: 'asc' };
  };

  const repository: Repository<E, C> = {
    async findById(id) {
      checkId(id);
      return run(async () => {
        const em = scope.em();
        if (!em.isInTransaction()) {
          // Prepared once, with this id as the sample (it has the key's type); then reused.
          leanFindById ??= prepareFindById(em, schema, pk, id, scope.dialect) ?? null;
          if (leanFindById) {
            const row = await leanFindById.run(em, id);
            return row ? toEntity(row) : null;
          }
        }
        const row = await em.findOne(entity, { [pk]: id }, { disableIdentityMap: true });
        return row ? toEntity(row) : null;
      });
    },

    async getById(id) {
      const found = await repository.findById(id);
      if (!found) throw NotFoundError.entity(name, id);
      return found;
    },

    async findOne(filter: Filter<E>) {
      const where = translateFilter(model, filter, scope.dialect);
      return run(async () => {
        const row = await scope.em().findOne(entity, where, { disableIdentityMap: true });
        return row ? toEntity(row) : null;
      });
    },

    async find(filter: Filter<E> = {}, options: FindOptions<E> = {}) {
      const where = translateFilter(model, filter, scope.dialect);
      const orderBy = translateOrderBy(model, options.orderBy);
      checkCount(model, 'limit', options.limit, 0);
      checkCount(model, 'offset', options.offset, 0);
      return run(async () => {
        const rows = await scope.em().find(entity, where, {
          orderBy,
          disableIdentityMap: true,
          // OFFSET needs a LIMIT on SQLite and MySQL: "no limit" is the largest safe integer.
          ...(options.limit === undefined && options.offset === undefined
            ? {}
            : { limit: options.limit ?? Number.MAX_SAFE_INTEGER }),
          ...(options.offset === undefined ? {} : { offset: options.offset }),
        });
        return rows.map(toEntity);
      });
    },

    async findPage(filter: Filter<E>, options: PageOptions<E>): Promise<Page<E>> {
      const where = translateFilter(model, filter, scope.dialect);
      checkCount(model, 'limit', options.limit, 1);
      if (options.cursor !== undefined && (typeof options.cursor !== 'string' || options.cursor === '')) {
        throw invalid(model, 'cursor', 'must be the nextCursor string of a previous page');
      }
      const orderBy = orderWithKey(options.orderBy);
      // A cursor is ours when it decodes to one value per order field; anything else is bad input.
      if (options.cursor !== undefined && !isCursorFor(options.cursor, Object.keys(orderBy).length)) {
        throw invalid(model, 'cursor', 'is not a cursor of this listing');
      }
      return run(async () => {
        const page = await scope.em().findByCursor(entity, {
          where,
          orderBy,
          first: options.limit,
          includeCount: false,
          disableIdentityMap: true,
          ...(options.cursor === undefined ? {} : { after: options.cursor }),
        });
        const items = page.items.map(toEntity);
        return page.hasNextPage && page.endCursor ? { items, nextCursor: page.endCursor } : { items };
      });
    },

    async count(filter: Filter<E> = {}) {
      const where = translateFilter(model, filter, scope.dialect);
      return run(() => scope.em().count(entity, where));
    },

    async exists(filter: Filter<E>) {
      const where = translateFilter(model, filter, scope.dialect);
      return run(async () => {
        const row = await scope.em().findOne(entity, where, {
          fields: [pk] as never,
          disableIdentityMap: true,
          connectionType: 'write',
        });
        return row !== null;
      });
    },

    async create(input: C) {
      const data = prepareCreate(input, new Date());
      return run(async () => {
        const id = await scope.em().insert(entity, data);
        return toEntity({ ...data, [pk]: data[pk] ?? id });
      });
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
      return run(async () => {
        const em = scope.em();
        insertStatement ??= prepareInsert(em, schema, model, scope.dialect);
        const keys = await insertStatement.run(em, rows);
        return rows.map((row, i) => toEntity({ ...row, [pk]: keys[i] }));
      });
    },

    async update(id, patch: Partial<E>, options: UpdateOptions = {}) {
      checkId(id);
      const changes = definition.parsePatch(patch) as Row;
      const managed = [pk, definition.version, definition.timestamps.createdAt].filter(Boolean) as string[];
      const forbidden = managed.filter((field) => field in changes);
      if (forbidden.length > 0) {
        throw ValidationError.forEntity(
          name,
          forbidden.map((path) => ({ path, message: 'is managed by Stowage and cannot be updated' })),
        );
      }
      const { expectedVersion } = options;
      if (expectedVersion !== undefined && !definition.version) {
        throw invalid(model, 'expectedVersion', `${name} has no version field`);
      }
      checkCount(model, 'expectedVersion', expectedVersion, 0);
      if (definition.timestamps.updatedAt) changes[definition.timestamps.updatedAt] = new Date();
      return run(async () => {
        const em = scope.em();
        const where: Row = { [pk]: id };
        if (definition.version) {
          if (expectedVersion !== undefined) where[definition.version] = expectedVersion;
          const column = em.getPlatform().quoteIdentifier(versionColumn);
          changes[definition.version] = raw(`${column} + 1`);
        }
        const affected = await em.nativeUpdate(entity, where, changes);
        if (affected === 0) {
          const exists = await em.findOne(
            entity,
            { [pk]: id },
            { fields: [pk] as never, disableIdentityMap: true, connectionType: 'write' },
          );
          if (!exists) throw NotFoundError.entity(name, id);
          throw OptimisticLockError.versionMismatch(name, id, expectedVersion ?? -1);
        }
        // Read back from the primary: a replica may not have the change yet.
        const row = await em.findOne(
          entity,
          { [pk]: id },
          { disableIdentityMap: true, connectionType: 'write' },
        );
        if (!row) throw NotFoundError.entity(name, id);
        return toEntity(row);
      });
    },

    async delete(id) {
      checkId(id);
      return run(async () => (await scope.em().nativeDelete(entity, { [pk]: id })) > 0);
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
      const data = prepareCreate(input, new Date());
      const where = Object.fromEntries(onConflict.map((field) => [field, data[field]]));
      // What an update may change: not the key, the unique fields, createdAt or the version.
      const keep = new Set(
        [pk, ...onConflict, definition.timestamps.createdAt, definition.version].filter(Boolean),
      );
      const patch = Object.fromEntries(
        Object.entries(data).filter(([field]) => !keep.has(field)),
      ) as Partial<E>;
      const updateExisting = async (): Promise<E | null> => {
        const row = await scope.em().findOne(entity, where, {
          fields: [pk] as never,
          disableIdentityMap: true,
          connectionType: 'write',
        });
        return row ? repository.update((row as Row)[pk], patch) : null;
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
      let cursor: string | undefined;
      do {
        const page = await repository.findPage(filter, {
          limit: batchSize,
          ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        yield* page.items;
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    },
  };
  return repository;
}
