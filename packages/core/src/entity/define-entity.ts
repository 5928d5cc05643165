// An entity is defined once, with zod: the schema gives the TypeScript type and the runtime
// validator; the options give what a database mapping needs (key, indexes, version, timestamps).
// The relational adapters turn a definition into a MikroORM EntitySchema.
import { z } from 'zod';
import { ConfigError, ValidationError } from '../errors/error-classes.ts';
import { innerType } from './inner-type.ts';
import { toValidationIssues } from './zod-issues.ts';

export type EntityShape = z.ZodRawShape;

export interface EntityIndex<K extends string = string> {
  fields: readonly K[];
  unique?: boolean;
  /** Index name; derived from entity and fields when omitted. */
  name?: string;
}

/** Column details zod cannot express. */
export interface ColumnOptions {
  /** 'text' forces a text column; 'decimal' stores a z.string() as an exact decimal; 'date' stores a z.date() as a calendar date. */
  type?: 'text' | 'decimal' | 'date';
  /** Total digits of a decimal (required with type 'decimal'). */
  precision?: number;
  /** Digits after the point of a decimal (default 0). */
  scale?: number;
  /** varchar length of a string column. */
  length?: number;
}

/** Full-text search over some string fields (repository.search). */
export interface EntitySearch<K extends string = string> {
  /** The z.string() fields searched, as one document; each at most once. */
  fields: readonly K[];
}

/** A many-to-one reference: the field holds the referenced row's key, and the database checks it. */
export interface EntityReference {
  /** Name of the referenced entity definition. */
  entity: string;
  /** Referenced field (default: that entity's primary key). */
  field?: string;
  /** What happens to this row when the referenced one is deleted (default 'restrict'). */
  onDelete?: 'restrict' | 'cascade' | 'set null';
}

const COLUMN_TYPES: ReadonlySet<string> = new Set(['text', 'decimal', 'date']);
const DELETE_RULES: ReadonlySet<string> = new Set(['restrict', 'cascade', 'set null']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

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
  /** Column details per field, for what the zod type cannot say (decimal, calendar date, text). */
  columns?: { readonly [K in keyof S & string]?: ColumnOptions | undefined };
  /** Foreign keys: fields that hold the key of a row of another entity. */
  references?: { readonly [K in keyof S & string]?: EntityReference | undefined };
  /** Full-text search: the fields `repository.search()` looks in (the SQL drivers index them). */
  search?: EntitySearch<keyof S & string>;
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
  readonly columns: Readonly<Record<string, Readonly<ColumnOptions>>>;
  readonly references: Readonly<Record<string, Readonly<EntityReference>>>;
  /** The full-text search declaration, when the entity has one. */
  readonly search: Readonly<EntitySearch> | undefined;
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

/** The set entries of a per-field option map (undefined values are skipped). */
function entriesOf<T>(map: object | undefined): [string, T][] {
  return Object.entries(map ?? {}).filter((entry): entry is [string, T] => entry[1] !== undefined);
}

function freezeEntries<T extends object>(entries: [string, T][]): Readonly<Record<string, Readonly<T>>> {
  return Object.freeze(
    Object.fromEntries(entries.map(([field, value]) => [field, Object.freeze({ ...value })])),
  );
}

const isCount = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min;

// Shape checks only: whether the zod type suits the column type is checked by the SQL mapping.
function checkColumn(column: ColumnOptions, where: string, variable: string): void {
  const fail = (problem: string) => {
    throw new ConfigError(`${where}: ${problem}`, variable);
  };
  if (column.type !== undefined && !COLUMN_TYPES.has(column.type)) {
    fail(`type must be one of ${[...COLUMN_TYPES].join(', ')}`);
  }
  const decimal = column.type === 'decimal';
  if (!decimal && (column.precision !== undefined || column.scale !== undefined)) {
    fail(`precision and scale need type 'decimal'`);
  }
  // Databases default a bare decimal to (10, 0), which would silently round fractions away.
  if (decimal && !isCount(column.precision, 1)) fail('a decimal needs precision, a positive integer');
  if (decimal && column.scale !== undefined) {
    if (!isCount(column.scale, 0) || column.scale > (column.precision ?? 0)) {
      fail('scale must be an integer from 0 to precision');
    }
  }
  if (column.length !== undefined) {
    if (column.type !== undefined) fail(`length applies to varchar columns, not type '${column.type}'`);
    if (!isCount(column.length, 1)) fail('length must be a positive integer');
  }
}

// Only text is indexed: a number, a JSON value or an enum has no words to search.
function checkSearch(
  search: EntitySearch,
  shape: EntityShape,
  mustExist: (field: string) => void,
  where: string,
  variable: string,
): void {
  const fields: unknown = search?.fields;
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new ConfigError(`${where}: search.fields must be a non-empty list of field names`, variable);
  }
  fields.forEach((field: unknown, i) => {
    if (fields.indexOf(field) !== i) {
      throw new ConfigError(
        `${where}: search field "${String(field)}" is named twice`,
        `${variable}.${field}`,
      );
    }
    mustExist(String(field));
    const inner = innerType(shape[String(field)] as z.ZodType);
    if (!(inner instanceof z.ZodString || inner instanceof z.ZodStringFormat)) {
      throw new ConfigError(
        `${where}: search field "${field}" must be a z.string() field, not ${inner.def.type}`,
        `${variable}.${field}`,
      );
    }
  });
}

function checkReference(reference: EntityReference, where: string, variable: string): void {
  if (typeof reference.entity !== 'string' || !IDENTIFIER.test(reference.entity)) {
    throw new ConfigError(`${where}: entity must be the name of an entity definition`, variable);
  }
  if (reference.field !== undefined && !IDENTIFIER.test(reference.field)) {
    throw new ConfigError(`${where}: field must be a field name`, variable);
  }
  if (reference.onDelete !== undefined && !DELETE_RULES.has(reference.onDelete)) {
    throw new ConfigError(`${where}: onDelete must be one of ${[...DELETE_RULES].join(', ')}`, variable);
  }
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

  if (!IDENTIFIER.test(name)) {
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
  const columns = entriesOf<ColumnOptions>(options.columns);
  for (const [field, column] of columns) {
    mustExist(field, 'columns');
    checkColumn(column, `${where}: columns.${field}`, `${name}.columns.${field}`);
  }
  const references = entriesOf<EntityReference>(options.references);
  for (const [field, reference] of references) {
    mustExist(field, 'references');
    checkReference(reference, `${where}: references.${field}`, `${name}.references.${field}`);
  }

  if (options.search !== undefined) {
    checkSearch(options.search, shape, (field) => mustExist(field, 'search'), where, `${name}.search`);
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
    columns: freezeEntries(columns),
    references: freezeEntries(references),
    search: options.search && Object.freeze({ fields: Object.freeze([...options.search.fields]) }),
    parse: (input: unknown) => run<Output<S>>(schema, input),
    parseCreate: (input: unknown) => run<CreateOf<S, O>>(createSchema, input),
    parsePatch: (input: unknown) => run<Partial<Output<S>>>(patchSchema, input),
  });
}
