// The escape hatch itself: a Kysely instance (core's SqlAccess) over a statement dialect, with the
// entity row helpers beside the query builder. Tables are qualified with the ORM's schema when it
// has one, as the repository's statements are.
import { ConfigError, type EntityDefinition, type SqlAccess } from '@stowage/core';
import { type Dialect, Kysely, WithSchemaPlugin } from 'kysely';
import type { EntityRows } from './entity-rows.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tables are typed by SqlAccess, not here.
class SqlEscapeHatch extends Kysely<any> {
  readonly #rows: EntityRows;
  readonly #tableOf: (entity: EntityDefinition) => unknown;

  constructor(
    dialect: Dialect,
    schema: string | undefined,
    rows: EntityRows,
    tableOf: (entity: EntityDefinition) => unknown,
  ) {
    super({ dialect, plugins: schema ? [new WithSchemaPlugin(schema)] : [] });
    this.#rows = rows;
    this.#tableOf = tableOf;
  }

  parse(entity: EntityDefinition, row: object) {
    return this.#rows.parse(entity, row);
  }

  toRow(entity: EntityDefinition, values: object) {
    return this.#rows.toRow(entity, values);
  }

  columns(entity: EntityDefinition) {
    return this.#rows.columns(entity);
  }

  // Types only: the tables are the database's whatever the view.
  for(entities: Readonly<Record<string, EntityDefinition>>) {
    for (const [key, entity] of Object.entries(entities)) {
      if (key !== entity.name) {
        throw new ConfigError(
          `tx.sql.for(): the key "${key}" holds the entity "${entity.name}"; key each entity by its name`,
          'entities',
        );
      }
      this.#tableOf(entity); // ConfigError unless it is registered
    }
    return this;
  }
}

export function escapeHatch(
  dialect: Dialect,
  schema: string | undefined,
  rows: EntityRows,
  tableOf: (entity: EntityDefinition) => unknown,
): SqlAccess {
  return new SqlEscapeHatch(dialect, schema, rows, tableOf) as unknown as SqlAccess;
}
