// Values held by a near cache are shared by every caller in the process, so they are frozen once
// when stored and handed out as a fresh top level: a caller may change the object it got (set a
// field, push to the array, change a Date on it) without touching the cached one; nested objects
// stay frozen and throw on a change. Values whose parts cannot be frozen (Map, Set, typed arrays,
// class instances, a Date below the top level) are not held near: they are read from the shared
// store as before.

/** A value ready to be held: frozen, with the top-level fields (or indexes) that hold a Date. */
export interface NearValue {
  readonly value: unknown;
  readonly dates: readonly (string | number)[] | undefined;
}

/** The value frozen in place, or undefined when it cannot be held near (see above). */
export function freezeForNear(value: unknown): NearValue | undefined {
  if (!freezable(value, 0)) return undefined;
  const dates: (string | number)[] = [];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) if (item instanceof Date) dates.push(i);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const key in value) if ((value as Record<string, unknown>)[key] instanceof Date) dates.push(key);
  }
  return { value: deepFreeze(value), dates: dates.length > 0 ? dates : undefined };
}

const MAX_DEPTH = 64;

function freezable(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  if (depth > MAX_DEPTH) return false;
  if (value instanceof Date) return depth <= 1; // copied out at the top level only
  if (Array.isArray(value)) return value.every((item) => freezable(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!freezable((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/** What a caller gets: a copy of the top level (and of the Dates on it), the rest shared. */
export function copyFromNear(held: NearValue): unknown {
  const { value, dates } = held;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  const copy = (Array.isArray(value) ? value.slice() : { ...value }) as Record<string | number, unknown>;
  for (const field of dates ?? []) copy[field] = new Date((copy[field] as Date).getTime());
  return copy;
}
