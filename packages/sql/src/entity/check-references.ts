// References name other entities by name, so they can only be checked once every entity is
// described: call this with all models before MikroORM.init(), which would otherwise fail with
// a MikroORM metadata error that names neither the Stowage entity nor the field.
import { entityConfigError } from './entity-config-error.ts';
import type { EntityModel } from './entity-model.ts';

export function checkReferences(models: readonly EntityModel[]): void {
  const byName = new Map(models.map((m) => [m.definition.name, m]));
  for (const model of models) {
    for (const field of model.fields.values()) {
      const reference = field.reference;
      if (!reference) continue;
      const fail = (problem: string) => entityConfigError(model.definition.name, field.name, problem);
      const target = byName.get(reference.entity);
      if (!target) throw fail(`references entity "${reference.entity}", which is not registered`);
      const targetField = target.fields.get(reference.field ?? target.primaryKey.name);
      if (!targetField) throw fail(`references ${reference.entity}.${reference.field}, which is not a field`);
      // A foreign key must point at a key the database keeps unique.
      const unique =
        targetField.primary ||
        (target.indexes ?? []).some(
          (i) => i.unique && i.fields.length === 1 && i.fields[0] === targetField.name,
        );
      if (!unique)
        throw fail(`references ${reference.entity}.${targetField.name}, which is neither the key nor unique`);
      if (targetField.kind !== field.kind) {
        throw fail(`is ${field.kind} but ${reference.entity}.${targetField.name} is ${targetField.kind}`);
      }
    }
  }
}
