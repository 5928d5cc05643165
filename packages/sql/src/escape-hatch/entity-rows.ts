// Rows between the escape hatch and an entity, by the rules its repository follows: the table's
// own row reader and select list (statements/entity-table.ts) and its parameter conversion, with
// the entity's zod schema checking the result — nothing converted twice, nothing here of its own.
import { type EntityDefinition, ValidationError, type ValidationIssue } from '@stowage/core';
import type { RawBuilder } from 'kysely';
import { unstorableIssue } from '../filter/unstorable-character.ts';
import type { EntityTable } from '../statements/entity-table.ts';

export interface EntityRows {
  parse(entity: EntityDefinition, row: object): object;
  toRow(entity: EntityDefinition, values: object): Record<string, unknown>;
  columns(entity: EntityDefinition): readonly RawBuilder<unknown>[];
}

export function entityRows(tableOf: (entity: EntityDefinition) => EntityTable): EntityRows {
  return {
    parse(entity, row) {
      const table = tableOf(entity);
      const fields = [...table.model.fields.values()];
      const present = fields.filter((field) => Object.hasOwn(row, table.columnName(field)));
      const record = row as Record<string, unknown>;
      // A whole row is checked as a whole entity; a partial one field by field (no defaults added).
      if (present.length === fields.length) return entity.parse(table.toEntity(record)) as object;
      return entity.parsePatch(table.projection(present).toEntity(record));
    },

    toRow(entity, values) {
      const table = tableOf(entity);
      const patch = entity.parsePatch(values) as Record<string, unknown>;
      const issues: ValidationIssue[] = [];
      const row: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const issue = unstorableIssue(value, name);
        if (issue) issues.push(issue);
        // parsePatch refuses unknown names, so every name is a field.
        const field = table.model.fields.get(name);
        if (field) row[table.columnName(field)] = table.parameter(field)(value);
      }
      if (issues.length > 0) throw ValidationError.forEntity(entity.name, issues);
      return row;
    },

    columns: (entity) => tableOf(entity).selection,
  };
}
