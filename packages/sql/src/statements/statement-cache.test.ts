import { describe, expect, it } from 'vitest';
import { ShapeCache } from './statement-cache.ts';

describe('ShapeCache', () => {
  it('builds a shape once and keeps it, up to its bound; past it, values are built each time and not kept', () => {
    const cache = new ShapeCache<{ shape: string }>();
    let builds = 0;
    const get = (shape: string) =>
      cache.get(shape, () => {
        builds++;
        return { shape };
      });
    const first = get('s0');
    expect(get('s0')).toEqual({ value: first.value, cached: true });
    expect(get('s0').value).toBe(first.value);
    // Shapes built from hostile input, one after the other.
    for (let i = 1; i < 2_000; i++) get(`s${i}`);
    const kept = Array.from({ length: 2_000 }, (_, i) => i).filter((i) => get(`s${i}`).cached);
    expect(kept).toHaveLength(512);
    expect(kept.at(-1)).toBe(511);
    const before = builds;
    const late = get('s1999');
    expect(late).toMatchObject({ cached: false, value: { shape: 's1999' } });
    expect(builds).toBe(before + 1);
    expect(get('s0').value).toBe(first.value);
  });
});
