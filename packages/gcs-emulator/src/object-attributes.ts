// Reading object metadata from JSON bodies: upload metadata, PATCH (null clears a field, a null
// custom-metadata value deletes that key), PUT/update (replaces every writable field) and rewrite
// bodies (override the source's values).
import { ApiError } from './api-error.ts';
import { ATTRIBUTE_NAMES, type ObjectAttributes } from './records.ts';

type Body = Record<string, unknown>;

const STRING_FIELDS = [
  'contentType',
  'cacheControl',
  'contentDisposition',
  'contentEncoding',
  'contentLanguage',
  'storageClass',
] as const;

function stringField(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw ApiError.invalid(`Invalid value for ${name}: ${JSON.stringify(value)}`);
  return value;
}

function customTimeField(body: Body): string | undefined {
  const value = stringField(body, 'customTime');
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.valueOf())) throw ApiError.invalid(`Invalid value for customTime: ${value}`);
  return time.toISOString();
}

function metadataEntries(value: unknown): [string, string | null][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    throw ApiError.invalid('Invalid value for metadata.');
  return Object.entries(value as Body).map(([key, entry]) => [
    key,
    entry === null || entry === undefined
      ? null
      : typeof entry === 'object'
        ? JSON.stringify(entry)
        : String(entry),
  ]);
}

function booleanField(body: Body, name: string): boolean | undefined {
  const value = body[name];
  return typeof value === 'boolean' ? value : undefined;
}

/** Only the fields present in `body` (uploads, rewrite/compose destinations). */
export function attributesFromJson(body: Body): ObjectAttributes {
  const attributes: Record<string, unknown> = {};
  for (const name of STRING_FIELDS) {
    const value = stringField(body, name);
    if (value !== undefined) attributes[name] = value;
  }
  const customTime = customTimeField(body);
  if (customTime !== undefined) attributes.customTime = customTime;
  const entries = metadataEntries(body.metadata).filter(
    (entry): entry is [string, string] => entry[1] !== null,
  );
  if (entries.length > 0) attributes.metadata = Object.fromEntries(entries);
  for (const name of ['temporaryHold', 'eventBasedHold'] as const) {
    const value = booleanField(body, name);
    if (value !== undefined) attributes[name] = value;
  }
  return attributes as ObjectAttributes;
}

/** `override`'s defined fields win over `base`'s. */
export function overlayAttributes(base: ObjectAttributes, override: ObjectAttributes): ObjectAttributes {
  const result: Record<string, unknown> = {};
  for (const name of ATTRIBUTE_NAMES) result[name] = override[name] ?? base[name];
  return result as ObjectAttributes;
}

/** PATCH semantics. */
export function patchAttributes(current: ObjectAttributes, body: Body): ObjectAttributes {
  const result: Record<string, unknown> = {};
  for (const name of ATTRIBUTE_NAMES) result[name] = current[name];
  for (const name of STRING_FIELDS) {
    if (name in body) result[name] = stringField(body, name);
  }
  if ('customTime' in body) result.customTime = customTimeField(body);
  for (const name of ['temporaryHold', 'eventBasedHold'] as const) {
    if (name in body) result[name] = booleanField(body, name);
  }
  if ('metadata' in body) {
    if (body.metadata === null) result.metadata = undefined;
    else {
      const merged: Record<string, string> = { ...current.metadata };
      for (const [key, value] of metadataEntries(body.metadata)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      result.metadata = Object.keys(merged).length > 0 ? merged : undefined;
    }
  }
  return result as ObjectAttributes;
}

/** PUT (objects.update) semantics: every writable field comes from the body. */
export function replaceAttributes(current: ObjectAttributes, body: Body): ObjectAttributes {
  const given = attributesFromJson(body);
  const result: Record<string, unknown> = {};
  for (const name of ATTRIBUTE_NAMES) result[name] = given[name];
  result.storageClass = current.storageClass;
  return result as ObjectAttributes;
}
