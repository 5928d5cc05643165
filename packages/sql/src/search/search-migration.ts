// The search objects MikroORM cannot declare (the dialect's `extra`: SQLite's FTS5 table, MySQL's
// index table) in generated migrations. MikroORM's diff holds the index's triggers (they are in
// its metadata and snapshots); where a migration creates them, it creates the extra objects they
// feed just before them and indexes the rows already there at its end, and its `down` drops them.
// Limit: a migration that removes a searched entity, or changes its search fields (a new index
// name), drops the old triggers but leaves the old extra objects in place (drop them by hand).
import type { SearchIndexSchema } from './search-schema.ts';

export interface MigrationStatements {
  up: string[];
  down: string[];
}

export function withSearchObjects(
  diff: MigrationStatements,
  indexes: readonly SearchIndexSchema[],
): MigrationStatements {
  let up = [...diff.up];
  let down = [...diff.down];
  for (const { schema } of indexes) {
    const { extra, triggers = [] } = schema;
    if (!extra || triggers.length === 0) continue;
    const createsTrigger = (sql: string) => triggers.some((trigger) => sql.includes(trigger.sql));
    const first = up.findIndex(createsTrigger);
    if (first < 0) continue;
    up = [...up.slice(0, first), ...extra.create, ...up.slice(first), ...extra.fill];
    down = [...down, ...extra.drop];
  }
  return { up, down };
}
