// The near cache on its own: copies out, bounds, and the fills it must refuse.
import { describe, expect, it } from 'vitest';
import { manualNearLink } from './manual-near-link.test-support.ts';
import { createNearCache, type NearFill } from './near-cache.ts';

const fill = (payload: string, extra: Partial<NearFill> = {}): NearFill => ({
  payload,
  codec: undefined,
  expires: undefined,
  tagKeys: undefined,
  ...extra,
});

function open(bounds: Partial<{ maxEntries: number; maxBytes: number; ttl: number }> = {}) {
  const link = manualNearLink();
  const near = createNearCache({ maxEntries: 100, maxBytes: 10_000, ttl: 60_000, ...bounds }, link);
  const put = (key: string, value: unknown, extra?: Partial<NearFill>) =>
    near.fill(near.ticket(key), value, fill(JSON.stringify(value), extra));
  return { link, near, put };
}

describe('near cache', () => {
  it('hands out a copy: a caller changing what it got changes nothing held', () => {
    const { near, put } = open();
    put('ns:a', { title: 'one', at: new Date(5), tags: ['x'], meta: { n: 1 } });
    const first = near.get('ns:a', undefined)?.value as Record<string, unknown>;
    first.title = 'changed';
    (first.at as Date).setTime(99);
    expect(() => (first.tags as string[]).push('y')).toThrow(TypeError);
    expect(() => {
      (first.meta as { n: number }).n = 2;
    }).toThrow(TypeError);
    expect(near.get('ns:a', undefined)?.value).toEqual({
      title: 'one',
      at: new Date(5),
      tags: ['x'],
      meta: { n: 1 },
    });
  });

  it('does not hold what cannot be frozen (a Map) and misses it', () => {
    const { near, put } = open();
    put('ns:m', new Map([[1, 2]]));
    put('ns:deep', { a: { b: new Date(1) } });
    expect(near.get('ns:m', undefined)).toBeUndefined();
    expect(near.get('ns:deep', undefined)).toBeUndefined();
    expect(near.stats.entries).toBe(0);
  });

  it('answers only reads with the codec it was filled with', () => {
    const { near, put } = open();
    put('ns:r', { id: 1 }, { codec: 'row:Note' });
    expect(near.get('ns:r', undefined)).toBeUndefined();
    expect(near.get('ns:r', 'row:Other')).toBeUndefined();
    expect(near.get('ns:r', 'row:Note')?.value).toEqual({ id: 1 });
  });

  it('evicts the least recently used past maxEntries', () => {
    const { near, put } = open({ maxEntries: 3 });
    for (const key of ['ns:1', 'ns:2', 'ns:3']) put(key, key);
    near.get('ns:1', undefined); // 2 is now the least recently used
    put('ns:4', 'ns:4');
    expect(near.get('ns:2', undefined)).toBeUndefined();
    expect(near.get('ns:1', undefined)?.value).toBe('ns:1');
    expect(near.stats).toMatchObject({ entries: 3, evictions: 1 });
  });

  it('holds the byte budget with values larger than it, and evicts to stay within it', () => {
    const { near, put } = open({ maxBytes: 1_000 });
    put('ns:huge', 'x'.repeat(5_000));
    expect(near.get('ns:huge', undefined)).toBeUndefined();
    expect(near.stats.bytes).toBe(0);
    for (let i = 0; i < 20; i++) put(`ns:${i}`, 'y'.repeat(200));
    expect(near.stats.bytes).toBeLessThanOrEqual(1_000);
    expect(near.stats.entries).toBe(4); // 4 × 202 bytes of JSON text
    expect(near.get('ns:19', undefined)?.value).toBe('y'.repeat(200));
    expect(near.get('ns:0', undefined)).toBeUndefined();
  });

  it('refuses a fill whose key was invalidated while its read was in flight', () => {
    const { link, near } = open();
    const ticket = near.ticket('ns:k');
    const other = near.ticket('ns:other');
    link.invalidate(['ns:k']);
    near.fill(ticket, 'old', fill('"old"'));
    near.fill(other, 'fine', fill('"fine"'));
    expect(near.get('ns:k', undefined)).toBeUndefined();
    expect(near.get('ns:other', undefined)?.value).toBe('fine');
  });

  it('refuses every fill in flight when a tag version changes, and drops the entries of that tag', () => {
    const { link, near, put } = open();
    put('ns:tagged', 1, { tagKeys: ['ns:__tag:t'] });
    put('ns:plain', 2);
    const ticket = near.ticket('ns:later');
    link.invalidate(['ns:__tag:t']);
    near.fill(ticket, 3, fill('3', { tagKeys: ['ns:__tag:t'] }));
    expect(near.get('ns:tagged', undefined)).toBeUndefined();
    expect(near.get('ns:later', undefined)).toBeUndefined();
    expect(near.get('ns:plain', undefined)?.value).toBe(2);
  });

  it('forgets everything when the link may have lost messages, and refuses fills in flight', () => {
    const { link, near, put } = open();
    put('ns:a', 1);
    const ticket = near.ticket('ns:b');
    link.lose();
    near.fill(ticket, 2, fill('2'));
    expect(near.stats).toMatchObject({ entries: 0, purges: 1 });
    link.invalidate(null);
    expect(near.stats.purges).toBe(2);
  });

  it('serves nothing and holds nothing while the link is not confirmed', () => {
    const { link, near, put } = open();
    put('ns:a', 1);
    link.setServing(false);
    expect(near.get('ns:a', undefined)).toBeUndefined();
    put('ns:b', 2);
    link.setServing(true);
    expect(near.get('ns:a', undefined)?.value).toBe(1);
    expect(near.get('ns:b', undefined)).toBeUndefined();
  });

  it('expires an entry when the store does, and after its own ttl', async () => {
    const { near, put } = open({ ttl: 40 });
    put('ns:store', 1, { expires: Date.now() + 20 });
    put('ns:own', 2);
    put('ns:gone', 3, { expires: Date.now() - 1 });
    expect(near.get('ns:gone', undefined)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(near.get('ns:store', undefined)).toBeUndefined();
    expect(near.get('ns:own', undefined)?.value).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(near.get('ns:own', undefined)).toBeUndefined();
  });

  it('forgets a prefix (a namespace cleared here) and nothing outside it', () => {
    const { near, put } = open();
    put('app:a:1', 1);
    put('app:b:1', 2);
    near.forgetPrefix('app:a:');
    expect(near.get('app:a:1', undefined)).toBeUndefined();
    expect(near.get('app:b:1', undefined)?.value).toBe(2);
  });
});
