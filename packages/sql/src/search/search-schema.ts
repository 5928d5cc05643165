// Where the full-text index DDL comes from. The EntitySchema is built before MikroORM knows its
// platform (to-entity-schema.ts), so each searched entity's index is added to MikroORM's metadata
// here, from the dialect, before any schema diff: an index or trigger MikroORM does not know is
// dropped by its next diff (indexes even in `safe` mode), while one it knows shows in syncSchema,
// in generated migrations and in their snapshots, created once and compared by name. What
// MikroORM cannot declare (SQLite's FTS5 table, MySQL's index table) is the dialect's `extra`: kept
// out of MikroORM's introspection (which cannot read FTS5's untyped columns, and would drop a table
// it does not map), created by applySearchDdl for syncSchema and by the migration generator
// (search-migration.ts), each exactly once.
import type { EntityMetadata, MikroORM } from '@mikro-orm/core';
import type { SearchSchema, SearchTarget } from '../dialect/search-sql.ts';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import { searchModelOf } from './search-models.ts';
import { searchTarget } from './search-target.ts';

export interface SearchIndexSchema {
  readonly target: SearchTarget;
  readonly schema: SearchSchema;
}

type Indexes = EntityMetadata['indexes'];
type Triggers = NonNullable<EntityMetadata['triggers']>;

const declared = new WeakMap<MikroORM, readonly SearchIndexSchema[]>();

function declareIn(meta: EntityMetadata, target: SearchTarget, schema: SearchSchema): void {
  const fields = searchModelOf(meta)?.search?.fields.map((field) => field.name) ?? [];
  const { index } = schema;
  if (index) {
    const indexes = meta.indexes as Indexes;
    indexes.push(
      index.kind === 'fulltext'
        ? { name: target.indexName, properties: fields, type: 'fulltext' }
        : { name: target.indexName, expression: index.sql },
    );
  }
  if (schema.triggers && schema.triggers.length > 0) {
    meta.triggers ??= [];
    (meta.triggers as Triggers).push(
      ...schema.triggers.map((trigger) => ({
        name: trigger.name,
        timing: 'after' as const,
        events: [trigger.event],
        forEach: 'row' as const,
        expression: trigger.sql,
      })),
    );
  }
}

/**
 * Declares the full-text index of every searched entity of `orm` in its metadata (once per ORM)
 * and keeps the dialect's extra tables out of its schema introspection; the index schemas.
 */
export function declareSearchSchema(orm: MikroORM, dialect: SqlDialect): readonly SearchIndexSchema[] {
  const known = declared.get(orm);
  if (known) return known;
  const platform = orm.em.getPlatform();
  const found: SearchIndexSchema[] = [];
  for (const meta of orm.getMetadata().getAll().values()) {
    const model = searchModelOf(meta);
    if (!model?.search) continue;
    const target = searchTarget(platform, meta, { ...model, search: model.search });
    const schema = dialect.search.schema(target);
    declareIn(meta, target, schema);
    found.push({ target, schema });
  }
  const skipped = found.flatMap(({ schema }) => schema.extra?.tables ?? []);
  if (skipped.length > 0) {
    // The generator reads this very object on every diff.
    const generator = orm.config.get('schemaGenerator');
    generator.skipTables = [...(generator.skipTables ?? []), ...skipped];
  }
  declared.set(orm, found);
  return found;
}

/**
 * syncSchema's part: declares the indexes (run it before MikroORM's schema update, which then
 * creates them) and creates the extra objects that are missing or out of date, indexing the rows
 * already there. Idempotent: a second run sends only the probes.
 */
export async function applySearchDdl(orm: MikroORM, dialect: SqlDialect): Promise<void> {
  const connection = orm.em.getConnection();
  for (const { schema } of declareSearchSchema(orm, dialect)) {
    const { extra } = schema;
    if (!extra) continue;
    const rows = (await connection.execute(extra.probe)) as Record<string, unknown>[];
    if (extra.upToDate(rows)) continue;
    // Its triggers are re-created with it: they feed the objects being replaced, and MikroORM
    // (which created them a moment ago, comparing by name) would not notice them gone.
    const triggers = schema.triggers ?? [];
    for (const sql of [
      ...triggers.map((trigger) => trigger.drop),
      ...extra.drop,
      ...extra.create,
      ...triggers.map((trigger) => trigger.sql),
      ...extra.fill,
    ]) {
      await connection.execute(sql);
    }
  }
}
