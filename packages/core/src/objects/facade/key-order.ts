// Object keys sort in ascending UTF-8 byte order, as S3 and GCS list them. JS `<` compares UTF-16
// code units, which disagrees for characters above U+FFFF versus U+E000–U+FFFF; this comparison
// agrees with Buffer.compare of the UTF-8 encodings without allocating them.

/** Maps a UTF-16 code unit so that code-unit order equals code-point (= UTF-8 byte) order. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  // Surrogates encode code points above U+FFFF: move them after U+E000–U+FFFF.
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b` in UTF-8 byte order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
