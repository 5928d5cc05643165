// Migration file names: `YYYYMMDDHHMMSS_description`, the timestamp in UTC so files sort in the
// order they were created whatever the author's time zone.
import { ValidationError } from '@stowage/core';

/** A migration file in a migrations folder: the 14-digit stamp, a description, a module extension. */
export const MIGRATION_FILE = /^(\d{14})_[A-Za-z0-9_-]+\.(?:mjs|js|mts|ts)$/;

/** The description as `[a-z0-9_]`; an empty result is a ValidationError. */
export function slugify(description: string): string {
  const slug = description
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // "Café" → "Cafe": drop accents rather than the letters
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) {
    throw new ValidationError(
      `A migration needs a description with letters or digits, got ${JSON.stringify(description)}`,
      [{ path: 'description', message: 'must contain at least one letter or digit' }],
    );
  }
  return slug;
}

/** `date` as YYYYMMDDHHMMSS (UTC). */
export function timestampOf(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * The stamp for a new migration: now, or one second after the newest existing one, so two
 * migrations created within the same second still sort (and run) in creation order.
 */
export function nextTimestamp(existing: readonly string[], now = new Date()): string {
  const latest = existing
    .map((name) => MIGRATION_FILE.exec(name)?.[1])
    .filter(Boolean)
    .sort()
    .pop();
  const stamp = timestampOf(now);
  if (!latest || stamp > latest) return stamp;
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(latest) ?? [];
  const next = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s) + 1);
  return timestampOf(new Date(next));
}
