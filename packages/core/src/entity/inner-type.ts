// The zod type inside the wrappers that only say "may be missing", "may be null", "has a default"
// or "is read-only": what a field holds, for the checks and codecs that go by its kind.
import { z } from 'zod';

export function innerType(type: z.ZodType): z.ZodType {
  let current = type;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPrefault ||
    current instanceof z.ZodReadonly
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
