// createStowage's `entities`: a list, or a map by name — the map is what `Register` types `tx.sql`
// from, so its keys must be the entities' names or the SQL types would name the wrong tables.
import type { SqlEntityMap } from '../contracts/sql-access.ts';
import type { EntityDefinition } from '../entity/define-entity.ts';
import { ConfigError } from '../errors/error-classes.ts';

export type EntitiesOption = readonly EntityDefinition[] | SqlEntityMap;

export function entityList(entities: EntitiesOption | undefined): readonly EntityDefinition[] {
  if (!entities) return [];
  if (Array.isArray(entities)) return entities;
  return Object.entries(entities as SqlEntityMap).map(([key, entity]) => {
    if (key !== entity.name) {
      throw new ConfigError(
        `entities: the key "${key}" holds the entity "${entity.name}"; key each entity by its name`,
        'entities',
      );
    }
    return entity as EntityDefinition;
  });
}
