// Relations are declared apart from the entities they join, after all of them are defined:
// `relate(Note, { author: one(Author, 'authorId'), comments: many(Comment, 'noteId') })`. Two
// entities can then name each other without a cycle in their inferred types, and the definition
// `relate` returns is the one a repository loads `include`s and related filters from.
import { ConfigError } from '../errors/error-classes.ts';
import type { EntityDefinition } from './define-entity.ts';

type FieldOf<D> = D extends EntityDefinition<infer E, unknown> ? keyof E & string : never;

/** Many-to-one: `field` of this entity holds the key (or `targetField`) of one `target` row. */
export interface OneRelation<T extends EntityDefinition = EntityDefinition> {
  readonly kind: 'one';
  readonly target: T;
  readonly field: string;
}

/** One-to-many: `field` of each `target` row (a child) holds this entity's primary key. */
export interface ManyRelation<T extends EntityDefinition = EntityDefinition> {
  readonly kind: 'many';
  readonly target: T;
  readonly field: string;
}

/** Many-to-many through a join entity: its `from` field holds this row's key, `to` the target's. */
export interface ThroughRelation<T extends EntityDefinition = EntityDefinition> {
  readonly kind: 'through';
  readonly target: T;
  readonly through: EntityDefinition;
  readonly from: string;
  readonly to: string;
}

export type Relation<T extends EntityDefinition = EntityDefinition> =
  | OneRelation<T>
  | ManyRelation<T>
  | ThroughRelation<T>;

export type Relations = { readonly [name: string]: Relation };

/** An entity definition with its relations: what `relate` returns and repositories include from. */
export type RelatedEntity<D extends EntityDefinition, R extends Relations> = D & {
  readonly relations: R;
  /** The definition the relations were declared on (the one registered with the database). */
  readonly base: EntityDefinition;
};

/** No relations: what a plain definition has. */
export type NoRelations = Record<never, never>;

/** The relations of a definition (none for a plain one). */
export type RelationsOf<D> = D extends { readonly relations: infer R extends Relations } ? R : NoRelations;

export function one<T extends EntityDefinition>(target: T, field: string): OneRelation<T> {
  return Object.freeze({ kind: 'one', target, field });
}

export function many<T extends EntityDefinition>(target: T, field: FieldOf<T>): ManyRelation<T>;
export function many<T extends EntityDefinition, J extends EntityDefinition>(
  target: T,
  link: { through: J; from: FieldOf<J>; to: FieldOf<J> },
): ThroughRelation<T>;
export function many(
  target: EntityDefinition,
  link: string | { through: EntityDefinition; from: string; to: string },
): Relation {
  if (typeof link === 'string') return Object.freeze({ kind: 'many', target, field: link });
  return Object.freeze({ kind: 'through', target, through: link.through, from: link.from, to: link.to });
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fieldsOf(definition: EntityDefinition): string[] {
  return Object.keys(definition.schema.shape);
}

/** The definition that was registered for `definition` (itself unless `relate` made it). */
export function baseDefinition(definition: EntityDefinition): EntityDefinition {
  const base = (definition as { base?: EntityDefinition }).base;
  return base ?? definition;
}

/**
 * `definition` with `relations`. Field names are checked here (ConfigError naming the relation);
 * whether the field types match the keys they point at is checked when the database loads one.
 */
export function relate<D extends EntityDefinition, const R extends Relations>(
  definition: D,
  relations: R & { readonly [N in keyof R]: Relation },
): RelatedEntity<D, R> {
  const where = `relate(${definition.name})`;
  const fail = (name: string, problem: string): never => {
    throw new ConfigError(`${where}: relation ${name} ${problem}`, `${definition.name}.relations.${name}`);
  };
  const own = fieldsOf(definition);
  for (const [name, relation] of Object.entries(relations)) {
    if (!IDENTIFIER.test(name)) fail(JSON.stringify(name), 'must be named by an identifier');
    if (own.includes(name)) fail(name, `has the name of a field of ${definition.name}`);
    const target = relation?.target;
    if (!target || typeof target.name !== 'string' || !target.schema)
      fail(name, 'needs a target entity definition (one(Author, …), many(Comment, …))');
    const check = (entity: EntityDefinition, field: string, role: string) => {
      if (!fieldsOf(entity).includes(field))
        fail(name, `${role} "${field}" is not a field of ${entity.name}`);
    };
    if (relation.kind === 'one') check(definition, relation.field, 'field');
    else if (relation.kind === 'many') check(target, relation.field, 'field');
    else if (relation.kind === 'through') {
      check(relation.through, relation.from, 'from');
      check(relation.through, relation.to, 'to');
    } else fail(name, 'must be one(…) or many(…)');
  }
  return Object.freeze({
    ...definition,
    relations: Object.freeze({ ...relations }),
    base: baseDefinition(definition),
  }) as RelatedEntity<D, R>;
}
