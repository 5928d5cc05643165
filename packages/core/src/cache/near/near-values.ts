// Values held by a near cache are shared by every caller in the process, so they are frozen once
// when stored and handed out as a fresh top level: a caller may change the object it got (set a
// field, push to the array, change a Date) without touching the cached one; nested objects stay
// frozen and throw on a change. Values whose parts cannot be frozen (Map, Set, typed arrays,
// class instances) are not held near: they are read from the shared store as before.

/** The value frozen in place, or undefined when it cannot be held near (see above). */
export function freezeForNear<T>(value: T): T | undefined {
  return freezable(value, 0) ? deepFreeze(value) : undefined;
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

/** What a caller gets: a copy of the top level (and of Date fields on it), the rest shared. */
export function copyFromNear<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyDate) as T;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyDate((value as Record<string, unknown>)[key]);
  return copy as T;
}

const copyDate = (item: unknown) => (item instanceof Date ? new Date(item.getTime()) : item);
