import { describe, expect, it } from 'vitest';
import { applyRetention, isoWeek } from './retention.ts';

const at = (iso: string) => ({ id: iso, startedAt: iso });

describe('applyRetention', () => {
  // Two backups a day from Mon 2026-11-02 to Sat 2026-11-28, plus three older monthly ones.
  const series = [
    at('2026-08-15T03:00:00.000Z'),
    at('2026-09-20T03:00:00.000Z'),
    at('2026-10-31T23:00:00.000Z'),
  ];
  for (let day = 2; day <= 28; day += 1) {
    const d = String(day).padStart(2, '0');
    series.push(at(`2026-11-${d}T03:00:00.000Z`), at(`2026-11-${d}T15:00:00.000Z`));
  }

  it('keeps the newest N with last', () => {
    const { keep, remove } = applyRetention(series, { last: 3 });
    expect(keep.map((k) => k.id)).toEqual([
      '2026-11-28T15:00:00.000Z',
      '2026-11-28T03:00:00.000Z',
      '2026-11-27T15:00:00.000Z',
    ]);
    expect(remove).toHaveLength(series.length - 3);
  });

  it('keeps the newest backup of each of the last N days, weeks and months', () => {
    const { keep } = applyRetention(series, { daily: 3, weekly: 3, monthly: 4 });
    expect(Object.fromEntries(keep.map((k) => [k.id, k.reasons]))).toEqual({
      '2026-11-28T15:00:00.000Z': ['daily 2026-11-28', 'weekly 2026-W48', 'monthly 2026-11'],
      '2026-11-27T15:00:00.000Z': ['daily 2026-11-27'],
      '2026-11-26T15:00:00.000Z': ['daily 2026-11-26'],
      // Sunday ends an ISO week.
      '2026-11-22T15:00:00.000Z': ['weekly 2026-W47'],
      '2026-11-15T15:00:00.000Z': ['weekly 2026-W46'],
      '2026-10-31T23:00:00.000Z': ['monthly 2026-10'],
      '2026-09-20T03:00:00.000Z': ['monthly 2026-09'],
      '2026-08-15T03:00:00.000Z': ['monthly 2026-08'],
    });
  });

  it('counts buckets that have backups, not calendar periods', () => {
    const sparse = [
      at('2026-11-28T01:00:00.000Z'),
      at('2026-11-20T01:00:00.000Z'),
      at('2026-11-01T01:00:00.000Z'),
    ];
    expect(applyRetention(sparse, { daily: 2 }).keep.map((k) => k.id)).toEqual([
      '2026-11-28T01:00:00.000Z',
      '2026-11-20T01:00:00.000Z',
    ]);
  });

  it('refuses a policy that would delete everything', () => {
    expect(() => applyRetention(series, {})).toThrow(/No retention policy/);
    expect(() => applyRetention(series, { last: 0, daily: 0 })).toThrow(/--keep-last/);
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-11-28', '2026-W48'],
    ['2026-11-23', '2026-W48'],
    ['2026-11-22', '2026-W47'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeek(new Date(`${date}T12:00:00Z`))).toBe(week);
  });
});
