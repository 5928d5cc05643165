// Generation and metageneration preconditions (ifGenerationMatch & co.). A missing object has
// generation 0, so ifGenerationMatch=0 means "create only". Writes answer 412 conditionNotMet;
// reads answer 412 for a failed *Match and 304 for a failed *NotMatch, as the real service does.
import { ApiError } from './api-error.ts';

export interface Preconditions {
  readonly ifGenerationMatch?: number | undefined;
  readonly ifGenerationNotMatch?: number | undefined;
  readonly ifMetagenerationMatch?: number | undefined;
  readonly ifMetagenerationNotMatch?: number | undefined;
}

export interface Versioned {
  readonly generation: number;
  readonly metageneration: number;
}

const KINDS = [
  'GenerationMatch',
  'GenerationNotMatch',
  'MetagenerationMatch',
  'MetagenerationNotMatch',
] as const;

export function parseInteger(name: string, raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw ApiError.invalid(`Invalid argument for ${name}: '${raw}'`);
  return Number(raw);
}

/** Reads `if<Source?>GenerationMatch`-style query parameters. */
export function parsePreconditions(query: URLSearchParams, source = false): Preconditions {
  const result: Record<string, number | undefined> = {};
  for (const kind of KINDS) {
    const name = source ? `ifSource${kind}` : `if${kind}`;
    result[`if${kind}`] = parseInteger(name, query.get(name));
  }
  return result as Preconditions;
}

/** Preconditions carried in a JSON body (compose's sourceObjects[].objectPreconditions). */
export function preconditionsFromJson(value: unknown): Preconditions {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const result: Record<string, number | undefined> = {};
  for (const kind of KINDS) {
    const raw = record[`if${kind}`];
    result[`if${kind}`] = parseInteger(`if${kind}`, raw === undefined ? undefined : String(raw));
  }
  return result as Preconditions;
}

export function hasPreconditions(conditions: Preconditions): boolean {
  return Object.values(conditions).some((value) => value !== undefined);
}

/** For writes: `current` is undefined when the object does not exist yet. */
export function checkWritePreconditions(current: Versioned | undefined, conditions: Preconditions): void {
  const generation = current?.generation ?? 0;
  const { ifGenerationMatch, ifGenerationNotMatch, ifMetagenerationMatch, ifMetagenerationNotMatch } =
    conditions;
  if (ifGenerationMatch !== undefined && ifGenerationMatch !== generation) throw ApiError.conditionNotMet();
  if (ifGenerationNotMatch !== undefined && ifGenerationNotMatch === generation) {
    throw ApiError.conditionNotMet('If-None-Match');
  }
  if (ifMetagenerationMatch !== undefined && current?.metageneration !== ifMetagenerationMatch) {
    throw ApiError.conditionNotMet();
  }
  if (ifMetagenerationNotMatch !== undefined && current?.metageneration === ifMetagenerationNotMatch) {
    throw ApiError.conditionNotMet('If-None-Match');
  }
}

/** For reads of an existing object. */
export function checkReadPreconditions(current: Versioned, conditions: Preconditions): void {
  const { ifGenerationMatch, ifGenerationNotMatch, ifMetagenerationMatch, ifMetagenerationNotMatch } =
    conditions;
  if (ifGenerationMatch !== undefined && ifGenerationMatch !== current.generation)
    throw ApiError.conditionNotMet();
  if (ifMetagenerationMatch !== undefined && ifMetagenerationMatch !== current.metageneration) {
    throw ApiError.conditionNotMet();
  }
  if (ifGenerationNotMatch !== undefined && ifGenerationNotMatch === current.generation) {
    throw ApiError.notModified();
  }
  if (ifMetagenerationNotMatch !== undefined && ifMetagenerationNotMatch === current.metageneration) {
    throw ApiError.notModified();
  }
}
