// Finds values inside statement texts. A value that reached a driver as a parameter somewhere in
// a run, and that also appears in some statement's text (as is, or spelled as a string literal or
// JSON string of one of the dialects), was formatted into that SQL rather than bound.

/** Shorter values are not looked for: they occur in SQL text by chance. */
export const MIN_SEARCHED_LENGTH = 5;
/** Longer values are looked for by their first this many characters. */
const MAX_SEARCHED_LENGTH = 1_000;
/** Identifiers, keywords and numbers: found only as a whole string literal, `'value'`. */
const WORD = /^[A-Za-z_][A-Za-z0-9_$]*$|^\d+$/;

export interface ValueInSqlText {
  /** The value as it was bound. */
  value: string;
  /** How it is spelled in the text (the value itself, or an escaped form). */
  spelling: string;
  text: string;
  /** Where the spelling starts in the text. */
  index: number;
}

const MYSQL_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
};

/** The ways `value` can be spelled inside SQL text; none for values too short to look for. */
export function spellingsOf(value: string): string[] {
  if (value.length < MIN_SEARCHED_LENGTH) return [];
  const spellings = new Set<string>();
  if (WORD.test(value)) {
    spellings.add(`'${value}'`);
  } else {
    for (const base of [value, JSON.stringify(value).slice(1, -1)]) {
      spellings.add(base);
      // standard SQL literals ('' for a quote), PostgreSQL E'' literals, MySQL's backslash escapes
      spellings.add(base.replaceAll("'", "''"));
      spellings.add(base.replaceAll('\\', '\\\\').replaceAll("'", "''"));
      spellings.add(Array.from(base, (char) => MYSQL_ESCAPES[char] ?? char).join(''));
    }
  }
  return [...spellings].map((spelling) => spelling.slice(0, MAX_SEARCHED_LENGTH));
}

const GRAM = MIN_SEARCHED_LENGTH;

function gramAt(text: string, at: number): number {
  let hash = 0;
  for (let i = at; i < at + GRAM; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

interface Needle {
  value: string;
  spelling: string;
  /** Where the needle's indexed gram sits in the spelling. */
  offset: number;
}

/** Each spelling indexed by its rarest gram, so that a scan checks few candidates per position. */
function indexNeedles(values: Iterable<string>): Map<number, Needle[]> {
  const needles: { value: string; spelling: string; grams: Map<number, number> }[] = [];
  const frequency = new Map<number, number>();
  for (const value of values) {
    for (const spelling of spellingsOf(value)) {
      const grams = new Map<number, number>();
      for (let at = 0; at + GRAM <= spelling.length; at += 1) {
        const gram = gramAt(spelling, at);
        if (!grams.has(gram)) grams.set(gram, at);
      }
      for (const gram of grams.keys()) frequency.set(gram, (frequency.get(gram) ?? 0) + 1);
      needles.push({ value, spelling, grams });
    }
  }
  const index = new Map<number, Needle[]>();
  for (const { value, spelling, grams } of needles) {
    let best: [number, number] | undefined;
    for (const [gram, at] of grams) {
      if (!best || (frequency.get(gram) ?? 0) < (frequency.get(best[0]) ?? 0)) best = [gram, at];
    }
    if (!best) continue;
    const bucket = index.get(best[0]) ?? [];
    bucket.push({ value, spelling, offset: best[1] });
    index.set(best[0], bucket);
  }
  return index;
}

/**
 * Texts holding one of `values`, with the first value found in each; at most `limit` texts.
 * Values shorter than MIN_SEARCHED_LENGTH are skipped, and words (identifiers, keywords,
 * numbers) count only as a whole quoted literal.
 */
export function findValuesInSqlText(
  texts: Iterable<string>,
  values: Iterable<string>,
  limit = 20,
): ValueInSqlText[] {
  const index = indexNeedles(values);
  const found: ValueInSqlText[] = [];
  if (index.size === 0) return found;
  for (const text of texts) {
    scan: for (let at = 0; at + GRAM <= text.length; at += 1) {
      const bucket = index.get(gramAt(text, at));
      if (!bucket) continue;
      for (const needle of bucket) {
        const start = at - needle.offset;
        if (start >= 0 && text.startsWith(needle.spelling, start)) {
          found.push({ value: needle.value, spelling: needle.spelling, text, index: start });
          break scan;
        }
      }
    }
    if (found.length >= limit) break;
  }
  return found;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** One line per finding: the value and the text around it. */
export function describeValuesInSqlText(found: readonly ValueInSqlText[]): string {
  return found
    .map(({ value, spelling, text, index }) => {
      const from = Math.max(0, index - 80);
      const excerpt = text.slice(from, index + Math.min(spelling.length, 120) + 80).replace(/\s+/g, ' ');
      return `- value ${clip(JSON.stringify(value), 120)} in: ${from > 0 ? '…' : ''}${excerpt}${
        index + spelling.length + 80 < text.length ? '…' : ''
      }`;
    })
    .join('\n');
}
