// A json column keeps what JSON can say. A z.date() or z.bigint() nested in an object would be
// written as a string and read back as one, so the row would no longer match its own schema:
// better refuse the definition than hand out wrongly typed data.
import { z } from 'zod';
import { unwrapOnce } from './unwrap-field.ts';

type Problem = string | undefined;

const NOT_JSON: [abstract new (...args: never[]) => z.ZodType, string][] = [
  [z.ZodDate, 'a z.date() (JSON has no dates)'],
  [z.ZodBigInt, 'a z.bigint() (JSON has no bigints)'],
  [z.ZodMap, 'a z.map()'],
  [z.ZodSet, 'a z.set()'],
  [z.ZodSymbol, 'a z.symbol()'],
  [z.ZodFunction, 'a function'],
  [z.ZodPromise, 'a promise'],
  [z.ZodTransform, 'a transform (its output type is unknown)'],
  [z.ZodCustom, 'a z.custom() / z.instanceof() value'],
  [z.ZodFile, 'a file'],
  [z.ZodNaN, 'NaN'],
];

function firstProblem(schemas: readonly unknown[], seen: Set<z.ZodType>): Problem {
  for (const schema of schemas) {
    const problem = jsonProblem(schema as z.ZodType, seen);
    if (problem) return problem;
  }
  return undefined;
}

/** Why the value cannot round-trip through a JSON column, or undefined when it can. */
export function jsonProblem(schema: z.ZodType, seen = new Set<z.ZodType>()): Problem {
  if (seen.has(schema)) return undefined; // recursive (z.lazy) types: checked once
  seen.add(schema);
  for (const [type, what] of NOT_JSON) if (schema instanceof type) return what;

  if (schema instanceof z.ZodObject) {
    return firstProblem([...Object.values(schema.shape), schema.def.catchall].filter(Boolean), seen);
  }
  if (schema instanceof z.ZodArray) return jsonProblem(schema.element as z.ZodType, seen);
  if (schema instanceof z.ZodRecord) return jsonProblem(schema.valueType as z.ZodType, seen);
  if (schema instanceof z.ZodTuple)
    return firstProblem([...schema.def.items, schema.def.rest].filter(Boolean), seen);
  if (schema instanceof z.ZodUnion) return firstProblem(schema.options, seen);
  if (schema instanceof z.ZodIntersection) return firstProblem([schema.def.left, schema.def.right], seen);
  if (schema instanceof z.ZodPipe) return jsonProblem(schema.out as z.ZodType, seen);
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodExactOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodCatch ||
    schema instanceof z.ZodNonOptional ||
    schema instanceof z.ZodReadonly ||
    schema instanceof z.ZodLazy
  ) {
    return jsonProblem(unwrapOnce(schema), seen);
  }
  return undefined;
}
