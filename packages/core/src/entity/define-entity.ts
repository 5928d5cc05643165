// An entity is defined once, with zod: the schema gives the TypeScript type and the runtime
// validator; the options give what a database mapping needs (key, indexes, version, timestamps).
// The relational adapters turn a definition into a MikroORM EntitySchema.
import { z } from 'zod';
import { ConfigError, ValidationError } from '../errors/error-classes.ts';
import { toValidationIssues } from './zod-issues.ts';

export type EntityShape = z.ZodRawShape;

export interface EntityIndex<K extends string = string> {
  fields: readonly K[];
  unique?: boolean;
  /** Index name; derived from entity and fields when omitted. */
  name?: string;
}

export interface EntityOptions<S extends EntityShape> {
  /** Entity name, used for the table name and in messages. */
  name: string;
  schema: z.ZodObject<S>;
  /** Primary key field (default "id"). */
  primaryKey?: keyof S & string;
  /** How the primary key is produced when create() omits it. */
  generated?: 'uuid' | 'increment' | 'none';
  indexes?: readonly EntityIndex<keyof S & string>[];
  /** Integer field bumped on every update and checked for optimistic locking. */
  version?: keyof S & string;
  /** Fields set on create and on every update. */
  timestamps?: { createdAt?: keyof S & string; updatedAt?: keyof S & string };
  /** Opt in to read-through caching of findById and unique-key lookups. */
  cache?: { ttl: number };
}

/** Fields the database or Stowage fills in, optional on create. */
type ManagedKeys<O> = O extends { primaryKey: infer P; generated: 'uuid' | 'increment' }
  ? P
  : O extends { generated: 'uuid' | 'increment' }
    ? 'id'
    : never;

export interface EntityDefinition<E extends object = Record<string, unknown>, C = E> {
  readonly name: string;
  readonly schema: z.ZodObject;
  readonly primaryKey: string;
  readonly generated: 'uuid' | 'increment' | 'none';
  readonly indexes: readonly EntityIndex[];
  readonly version: string | undefined;
  readonly timestamps: { createdAt?: string; updatedAt?: string };
  readonly cache: { ttl: number } | undefined;
  /** Validates a whole entity; ValidationError lists every bad field path. */
  parse(input: unknown): E;
  /** Validates create() input: managed fields (generated key, version, timestamps) may be omitted. */
  parseCreate(input: unknown): C;
  /** Validates a partial update: only the given fields, each against its schema. */
  parsePatch(input: unknown): Partial<E>;
  /** Phantom members carrying the types; never set at run time. */
  readonly $type?: E;
  readonly $create?: C;
}

/** The entity type of a definition: `type Note = EntityOf<typeof Note>`. */
export type EntityOf<D> = D extends EntityDefinition<infer E, unknown> ? E : never;
/** The create() input type of a definition. */
export type CreateInputOf<D> = D extends EntityDefinition<object, infer C> ? C : never;

type Output<S extends EntityShape> = z.output<z.ZodObject<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Optionalize<T, K> = Simplify<Omit<T, Extract<K, keyof T>> & Partial<Pick<T, Extract<K, keyof T>>>>;
type CreateOf<S extends EntityShape, O> = Optionalize<
  z.input<z.ZodObject<S>>,
  | ManagedKeys<O>
  | (O extends { version: infer V } ? V : never)
  | (O extends { timestamps: infer T } ? T[keyof T] : never)
>;

function withoutDefault(type: z.ZodType): z.ZodType {
  return type instanceof z.ZodDefault || type instanceof z.ZodPrefault ? (type.unwrap() as z.ZodType) : type;
}

export function defineEntity<S extends EntityShape, const O extends EntityOptions<S>>(
  options: O & EntityOptions<S>,
): EntityDefinition<Output<S>, CreateOf<S, O>> {
  const { name, schema } = options;
  const shape = schema.shape as EntityShape;
  const fieldNames = Object.keys(shape);
  const where = `defineEntity(${JSON.stringify(name)})`;
  const mustExist = (field: string, role: string) => {
    if (!fieldNames.includes(field)) {
      throw new ConfigError(
        `${where}: ${role} field "${field}" is not in the schema (fields: ${fieldNames.join(', ')})`,
        `${name}.${role}`,
      );
    }
  };

  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new ConfigError(`${where}: name must be an identifier (letters, digits, _)`, 'name');
  }
  const primaryKey = options.primaryKey ?? 'id';
  mustExist(primaryKey, 'primaryKey');
  for (const index of options.indexes ?? []) {
    if (index.fields.length === 0)
      throw new ConfigError(`${where}: an index has no fields`, `${name}.indexes`);
    for (const field of index.fields) mustExist(field, 'index');
  }
  if (options.version) mustExist(options.version, 'version');
  for (const field of Object.values(options.timestamps ?? {})) if (field) mustExist(field, 'timestamps');
  if (options.cache && !(Number.isFinite(options.cache.ttl) && options.cache.ttl > 0)) {
    throw new ConfigError(
      `${where}: cache.ttl must be a positive number of milliseconds`,
      `${name}.cache.ttl`,
    );
  }

  const generated = options.generated ?? 'none';
  const managed = [
    ...(generated === 'none' ? [] : [primaryKey]),
    ...(options.version ? [options.version] : []),
    ...Object.values(options.timestamps ?? {}).filter((f): f is string => Boolean(f)),
  ];
  // create() and update() reject unknown fields, so a typo is an error and not silently dropped.
  const createSchema = schema.partial(Object.fromEntries(managed.map((f) => [f, true])) as never).strict();
  // A patch names only the fields it changes: defaults must not fill in the others.
  const patchSchema = z
    .object(
      Object.fromEntries(
        Object.entries(shape).map(([field, type]) => [field, withoutDefault(type as z.ZodType).optional()]),
      ),
    )
    .strict();

  const run = <T>(validator: z.ZodType, input: unknown): T => {
    const result = validator.safeParse(input);
    if (!result.success) throw ValidationError.forEntity(name, toValidationIssues(result.error));
    return result.data as T;
  };

  return Object.freeze({
    name,
    schema,
    primaryKey,
    generated,
    indexes: Object.freeze([...(options.indexes ?? [])]),
    version: options.version,
    timestamps: { ...options.timestamps },
    cache: options.cache,
    parse: (input: unknown) => run<Output<S>>(schema, input),
    parseCreate: (input: unknown) => run<CreateOf<S, O>>(createSchema, input),
    parsePatch: (input: unknown) => run<Partial<Output<S>>>(patchSchema, input),
  });
}
