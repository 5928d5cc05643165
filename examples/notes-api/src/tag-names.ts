// What a tag name is: the one normal form every route stores and looks names up in, so "Work",
// " work " and "WORK" are one tag on every database (MariaDB's utf8mb4_bin, PostgreSQL and SQLite
// all compare names byte for byte). Everything here runs before any SQL is sent.
import { ValidationError, type ValidationIssue } from '@stowage/core';
import { MAX_TAGS_PER_NOTE, Tag } from './entities.ts';

const stored = Tag.schema.shape.name;

/**
 * The normal form of a tag name: Unicode NFC (one encoding for "é"), every run of whitespace
 * (tabs and newlines too) as one space, trimmed, and lower case (Unicode's default mapping, the
 * same in every locale). The result is what is stored and compared.
 */
export function normalizeTagName(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** The normal form of `raw`, or why it is not a tag name. */
function checkTagName(raw: unknown): { name: string } | { problem: string } {
  if (typeof raw !== 'string') return { problem: 'must be a string' };
  // A lone surrogate is checked before NFC, which would keep it; no database stores one as sent.
  if (!raw.isWellFormed()) return { problem: 'must not contain a lone UTF-16 surrogate' };
  const name = normalizeTagName(raw);
  // NUL and the other control characters left after whitespace became spaces.
  if (/\p{Cc}/u.test(name)) return { problem: 'must not contain control characters' };
  const parsed = stored.safeParse(name);
  if (!parsed.success) return { problem: 'must be 1 to 50 characters once trimmed' };
  return { name: parsed.data };
}

const refuse = (issues: ValidationIssue[]) =>
  new ValidationError(`Invalid tags: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);

/**
 * The names of a `{ "tags": [...] }` body, normalised, each once, in first-seen order. Every
 * refusal is a ValidationError (400 `VALIDATION` with `issues`): path `tags` for a missing or
 * non-array value and for too many names, `tags.<i>` for each bad entry.
 */
export function parseTagNames(body: Record<string, unknown>): string[] {
  const { tags } = body;
  if (!Array.isArray(tags)) {
    throw refuse([{ path: 'tags', message: 'must be an array of tag names, e.g. {"tags": ["work"]}' }]);
  }
  const issues: ValidationIssue[] = [];
  const names = new Set<string>();
  tags.forEach((raw: unknown, i) => {
    const checked = checkTagName(raw);
    if ('problem' in checked) issues.push({ path: `tags.${i}`, message: checked.problem });
    else names.add(checked.name);
  });
  if (issues.length > 0) throw refuse(issues);
  // Counted after normalising, so repeats and spellings of one name count once.
  if (names.size > MAX_TAGS_PER_NOTE) {
    throw refuse([{ path: 'tags', message: `at most ${MAX_TAGS_PER_NOTE} different tags per note` }]);
  }
  return [...names];
}

/** The `?tag=` of GET /notes, normalised as stored (400 `VALIDATION`, path `tag`, otherwise). */
export function parseTagFilter(raw: string): string {
  const checked = checkTagName(raw);
  if ('problem' in checked) throw refuse([{ path: 'tag', message: checked.problem }]);
  return checked.name;
}
