// A field's zod type minus the wrappers that only say "may be missing", "may be null" or "has a
// default": what is left decides the column type and validates filter operands.
import { z } from 'zod';

export interface UnwrappedField {
  base: z.ZodType;
  nullable: boolean;
  optional: boolean;
  hasDefault: boolean;
}

const isNullish = (option: unknown) => option instanceof z.ZodNull || option instanceof z.ZodUndefined;

/** The schema inside a wrapper (optional, nullable, default, readonly, lazy, ...). */
export function unwrapOnce(wrapper: z.ZodType): z.ZodType {
  return (wrapper as unknown as { unwrap(): z.ZodType }).unwrap();
}

export function unwrapField(schema: z.ZodType): UnwrappedField {
  let base = schema;
  let nullable = false;
  let optional = false;
  let hasDefault = false;
  let required = false; // .nonoptional() outside an .optional() wins
  // Bounded: z.lazy() could otherwise point back at itself forever.
  for (let depth = 0; depth < 64; depth++) {
    if (base instanceof z.ZodOptional || base instanceof z.ZodExactOptional) {
      optional ||= !required;
    } else if (base instanceof z.ZodNullable) {
      nullable = true;
    } else if (base instanceof z.ZodDefault || base instanceof z.ZodPrefault || base instanceof z.ZodCatch) {
      hasDefault = true;
      optional ||= !required;
    } else if (base instanceof z.ZodNonOptional) {
      required = true;
    } else if (base instanceof z.ZodUnion && base.options.some(isNullish)) {
      // z.union([x, z.null()]) is x.nullable() spelled differently.
      const options = base.options as z.ZodType[];
      nullable ||= options.some((o) => o instanceof z.ZodNull);
      optional ||= !required && options.some((o) => o instanceof z.ZodUndefined);
      const rest = options.filter((o) => !isNullish(o));
      if (rest.length !== 1) return { base: z.union(rest), nullable, optional, hasDefault };
      base = rest[0] as z.ZodType;
      continue;
    } else if (base instanceof z.ZodPipe && !(base.out instanceof z.ZodTransform)) {
      // Pipes and codecs store their output; filters compare against output values too.
      base = base.out as z.ZodType;
      continue;
    } else if (!(base instanceof z.ZodReadonly || base instanceof z.ZodLazy)) {
      break;
    }
    base = unwrapOnce(base);
  }
  return { base, nullable, optional, hasDefault };
}
