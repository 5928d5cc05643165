// PATCH semantics of the JSON API: a field in the patch replaces the current one, nested objects
// merge field by field (so labels merge per key), arrays are replaced whole and `null` deletes.
// Objects and arrays left empty are dropped, as the service omits them from resources.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isEmptyJson(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isJsonObject(value) && Object.keys(value).length === 0;
}

/** Sets an own property even for keys like "__proto__" that plain assignment would not create. */
export function setField(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function mergePatch(current: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = {};
  if (isJsonObject(current)) for (const [key, value] of Object.entries(current)) setField(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergePatch(result[key], value);
    if (isEmptyJson(merged)) delete result[key];
    else setField(result, key, merged);
  }
  return result;
}
