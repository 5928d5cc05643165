// The SELECT of repository.search(), compiled once per filter shape: the entity's rows (under an
// alias) joined to the dialect's index table when it has one, where the dialect's match holds and
// the filter does, best rank first, then by primary key so equal ranks keep one order; the query
// text and the limit are slots like every filter value. The dialect's pieces are SQL text with `?`
// where the query text goes; each `?` becomes that one slot, so no value is ever in the text.
import { type RawBuilder, sql } from 'kysely';
import type { SearchSql } from '../dialect/search-sql.ts';
import type { FilterNode } from '../filter/filter-node.ts';
import type { EntityTable } from '../statements/entity-table.ts';
import { filterSql } from '../statements/filter-sql.ts';
import { type CompiledStatement, compileWithSlots, Slot } from '../statements/slot.ts';
import { searchTarget } from './search-target.ts';

/** The alias of the entity's table in the statement. */
const SELF = 'search_row';

export interface SearchShape {
  where: FilterNode;
  /** Slot of the query text. */
  text: number;
  /** Slot of the LIMIT value. */
  limit: number;
}

/** `piece` with every `?` bound to `slot`. */
function withSlot(piece: string, slot: number): RawBuilder<unknown> {
  const [first, ...rest] = piece.split('?');
  let built = sql.raw(first ?? '');
  for (const part of rest) built = sql`${built}${new Slot(slot)}${sql.raw(part)}`;
  return built;
}

export function searchStatement(
  table: EntityTable,
  search: SearchSql,
  shape: SearchShape,
): CompiledStatement {
  const { model } = table;
  if (!model.search) throw new Error(`${model.definition.name} has no search fields`);
  const target = searchTarget(table.platform, table.meta, { ...model, search: model.search });
  const self = table.qualified(SELF);
  const row = target.quote(SELF);
  const columns = model.search.fields.map((field) => `${row}.${target.quote(table.columnName(field))}`);
  const pieces = search.statement(target, row, columns);

  let query = table.db.selectFrom(`${table.table} as ${SELF}`);
  if (pieces.join) {
    const { on } = pieces.join;
    query = query.innerJoin(sql.raw(pieces.join.table) as never, (join) =>
      join.on(withSlot(on, shape.text) as never),
    ) as never;
  }
  query = query.where(withSlot(pieces.match, shape.text) as never);
  const { where } = shape;
  if (!(where.kind === 'constant' && where.value)) query = query.where(filterSql(where, self) as never);
  const direction = sql.raw(pieces.direction);
  return compileWithSlots(
    query
      .select(self.selection as never)
      .orderBy(sql`${withSlot(pieces.rank, shape.text)} ${direction}` as never)
      .orderBy(self.column(model.primaryKey) as never)
      .limit(new Slot(shape.limit) as never),
  );
}
