// The client-writable part of a bucket resource (storageClass, labels, versioning, lifecycle, cors,
// website, …): which top-level fields a request may set, their shapes, insert / PATCH / PUT
// semantics, and the few fields the service derives (toggle and effective times, int64 strings).
// The emulator stores these settings but does not act on them, except `versioning.enabled` and
// `storageClass` (the default for new objects).
import { ApiError } from './api-error.ts';
import { isJsonObject, type JsonObject, mergePatch, setField } from './merge-patch.ts';

type Shape = 'string' | 'boolean' | 'object' | 'array';

const WRITABLE: Readonly<Record<string, Shape>> = {
  storageClass: 'string',
  labels: 'object',
  versioning: 'object',
  lifecycle: 'object',
  cors: 'array',
  website: 'object',
  logging: 'object',
  billing: 'object',
  retentionPolicy: 'object',
  defaultEventBasedHold: 'boolean',
  iamConfiguration: 'object',
  encryption: 'object',
  autoclass: 'object',
  softDeletePolicy: 'object',
  rpo: 'string',
  customPlacementConfig: 'object',
  hierarchicalNamespace: 'object',
  objectRetention: 'object',
};

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'NEARLINE',
  'COLDLINE',
  'ARCHIVE',
  'MULTI_REGIONAL',
  'REGIONAL',
  'DURABLE_REDUCED_AVAILABILITY',
]);

// Label keys start with a lowercase letter; keys and values hold lowercase letters, digits, _ and -.
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

const DEFAULTS: JsonObject = {
  storageClass: 'STANDARD',
  iamConfiguration: {
    bucketPolicyOnly: { enabled: false },
    uniformBucketLevelAccess: { enabled: false },
    publicAccessPrevention: 'inherited',
  },
  rpo: 'DEFAULT',
};

function shapeOf(value: unknown): Shape | 'other' {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  return isJsonObject(value) ? 'object' : 'other';
}

/** The writable fields of `body`, checked; `null` values are kept (they mean "delete" in a patch). */
function writableFields(body: JsonObject): JsonObject {
  const fields: JsonObject = {};
  for (const [name, shape] of Object.entries(WRITABLE)) {
    if (!(name in body)) continue;
    const value = body[name];
    if (value !== null && shapeOf(value) !== shape) {
      throw ApiError.invalid(`Invalid value for ${name}: ${JSON.stringify(value)}`);
    }
    fields[name] = value;
  }
  if (typeof fields.storageClass === 'string') {
    const storageClass = fields.storageClass.toUpperCase();
    if (!STORAGE_CLASSES.has(storageClass)) throw ApiError.invalid(`Invalid storage class: ${storageClass}`);
    fields.storageClass = storageClass;
  }
  if (isJsonObject(fields.labels)) checkLabels(fields.labels);
  if (
    isJsonObject(fields.versioning) &&
    !['boolean', 'undefined'].includes(typeof fields.versioning.enabled)
  ) {
    throw ApiError.invalid('Invalid value for versioning.enabled.');
  }
  return fields;
}

function checkLabels(labels: JsonObject): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key)) throw ApiError.invalid(`Label key '${key}' violates format constraints.`);
    if (value === null) continue;
    if (typeof value !== 'string' || !LABEL_VALUE.test(value)) {
      throw ApiError.invalid(`Label value '${String(value)}' violates format constraints.`);
    }
  }
}

function withoutNullsOrEmpties(fields: JsonObject): JsonObject {
  // On insert and PUT a null or empty field simply means "not set"; mergePatch drops them.
  return mergePatch({}, fields) as JsonObject;
}

/** Fields the service computes from what was set (`body` is the request, to see what it named). */
function derive(previous: JsonObject, next: JsonObject, body: JsonObject, now: string): JsonObject {
  const result: JsonObject = { ...next };
  const iam = result.iamConfiguration;
  if (isJsonObject(iam)) {
    // bucketPolicyOnly is the old name of uniformBucketLevelAccess: the two always agree, and the
    // one the request named wins.
    const named = isJsonObject(body.iamConfiguration) ? body.iamConfiguration : {};
    const source =
      !('uniformBucketLevelAccess' in named) && 'bucketPolicyOnly' in named
        ? iam.bucketPolicyOnly
        : iam.uniformBucketLevelAccess;
    if (isJsonObject(source)) {
      result.iamConfiguration = { ...iam, bucketPolicyOnly: source, uniformBucketLevelAccess: source };
    }
  }
  const autoclass = result.autoclass;
  if (isJsonObject(autoclass)) {
    const before = isJsonObject(previous.autoclass) ? previous.autoclass : undefined;
    const toggled = before === undefined || before.enabled !== autoclass.enabled;
    result.autoclass = {
      ...autoclass,
      toggleTime: toggled ? now : (before?.toggleTime ?? now),
      ...(autoclass.enabled === true
        ? { terminalStorageClass: autoclass.terminalStorageClass ?? 'NEARLINE' }
        : {}),
    };
  }
  for (const name of ['retentionPolicy', 'softDeletePolicy'] as const) {
    const policy = result[name];
    if (!isJsonObject(policy)) continue;
    const periodField = name === 'retentionPolicy' ? 'retentionPeriod' : 'retentionDurationSeconds';
    const before = isJsonObject(previous[name]) ? previous[name] : undefined;
    const period = policy[periodField];
    const changed = before === undefined || String(before[periodField]) !== String(period);
    const normalized: JsonObject = {
      ...policy,
      effectiveTime: changed ? now : (before?.effectiveTime ?? now),
    };
    // int64 fields are strings on the wire.
    if (period !== undefined) normalized[periodField] = String(period);
    if (name === 'retentionPolicy') normalized.isLocked ??= false;
    result[name] = normalized;
  }
  return result;
}

/** buckets.insert: the defaults overlaid with what the body sets. */
export function settingsForInsert(body: JsonObject, now: string): JsonObject {
  const given = withoutNullsOrEmpties(writableFields(body));
  return derive({}, mergePatch(DEFAULTS, given) as JsonObject, body, now);
}

/** buckets.patch: merge semantics (see merge-patch.ts). */
export function settingsForPatch(current: JsonObject, body: JsonObject, now: string): JsonObject {
  return derive(current, mergePatch(current, writableFields(body)) as JsonObject, body, now);
}

/** buckets.update (PUT): every writable field comes from the body; storageClass keeps its value. */
export function settingsForUpdate(current: JsonObject, body: JsonObject, now: string): JsonObject {
  const given = withoutNullsOrEmpties(writableFields(body));
  const next = mergePatch({ ...DEFAULTS, storageClass: current.storageClass }, given) as JsonObject;
  return derive(current, next, body, now);
}

export function bucketStorageClass(settings: Readonly<JsonObject>): string {
  return typeof settings.storageClass === 'string' ? settings.storageClass : 'STANDARD';
}

export function versioningEnabled(settings: Readonly<JsonObject>): boolean {
  return isJsonObject(settings.versioning) && settings.versioning.enabled === true;
}

/** Bucket records saved by earlier versions kept labels / versioningEnabled / storageClass apart. */
export function upgradeSavedBucket(saved: JsonObject): JsonObject {
  if (isJsonObject(saved.settings)) return saved;
  const settings: JsonObject = { ...DEFAULTS };
  if (typeof saved.storageClass === 'string') settings.storageClass = saved.storageClass;
  if (isJsonObject(saved.labels)) settings.labels = saved.labels;
  if (saved.versioningEnabled === true) settings.versioning = { enabled: true };
  const { labels: _labels, versioningEnabled: _versioning, storageClass: _class, ...rest } = saved;
  const upgraded: JsonObject = { ...rest };
  setField(upgraded, 'settings', settings);
  return upgraded;
}
