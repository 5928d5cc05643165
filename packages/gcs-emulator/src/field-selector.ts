// Partial responses (`fields=`), in the selector syntax of Google APIs: comma-separated fields,
// `a/b` for a field inside `a`, `a(b,c)` for several fields inside `a` (applied to every element
// when `a` is an array), and `*` for every field at that level. Selecting a field the resource
// does not have leaves it out.
import { ApiError } from './api-error.ts';
import { setField } from './merge-patch.ts';

/** Field name → what to keep of its value: `true` for all of it, or a nested selection. */
export type FieldSelection = Map<string, FieldSelection | true>;

function invalid(text: string): ApiError {
  return new ApiError(400, 'invalidParameter', `Invalid field selection ${text}`, {
    type: 'parameter',
    name: 'fields',
  });
}

function merge(target: FieldSelection, name: string, value: FieldSelection | true): void {
  const existing = target.get(name);
  if (existing === true) return;
  if (existing === undefined || value === true) {
    target.set(name, value);
    return;
  }
  for (const [key, sub] of value) merge(existing, key, sub);
}

export function parseFieldSelector(text: string): FieldSelection {
  let at = 0;
  const peek = (): string | undefined => text[at];

  function parseName(): string {
    const start = at;
    while (at < text.length && !',()/'.includes(text[at] as string)) at++;
    const name = text.slice(start, at).trim();
    if (name === '' || /\s/.test(name)) throw invalid(text);
    return name;
  }

  function parseSelection(): FieldSelection {
    const selection: FieldSelection = new Map();
    for (;;) {
      const path = [parseName()];
      while (peek() === '/') {
        at++;
        path.push(parseName());
      }
      let leaf: FieldSelection | true = true;
      if (peek() === '(') {
        at++;
        leaf = parseSelection();
        if (peek() !== ')') throw invalid(text);
        at++;
      }
      for (let i = path.length - 1; i > 0; i--) leaf = new Map([[path[i] as string, leaf]]);
      merge(selection, path[0] as string, leaf);
      if (peek() !== ',') return selection;
      at++;
    }
  }

  const selection = parseSelection();
  if (at !== text.length) throw invalid(text);
  return selection;
}

/** The parts of `value` that `selection` names, keeping the resource's own field order. */
export function applyFieldSelection(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((entry) => applyFieldSelection(entry, selection));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const wanted = selection.get(key) ?? selection.get('*');
    if (wanted === undefined) continue;
    setField(result, key, wanted === true ? entry : applyFieldSelection(entry, wanted));
  }
  return result;
}
