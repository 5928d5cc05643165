// GCS lists names in UTF-8 byte order. That is code point order, which differs from JavaScript's
// UTF-16 code unit order only for astral characters (surrogates) against U+E000..U+FFFF.

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = isSurrogate(x);
    if (xs !== isSurrogate(y)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Index of the first element of `sorted` (by `nameOf`, in UTF-8 order) at or after `target`. */
export function lowerBound<T>(sorted: readonly T[], target: string, nameOf: (item: T) => string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareUtf8(nameOf(sorted[middle] as T), target) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
