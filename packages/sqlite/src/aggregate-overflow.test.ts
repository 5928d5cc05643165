// SQLite sums integers in 64 bits. Stowage reads a selected bigint sum in parts, so it is exact past
// 2^63; a having or orderBy compares the sum itself, which SQLite cannot: a NotSupportedError
// naming what was asked, never a bare driver error.
import { isStowageError } from '@stowage/core';
import { ConformanceLedger, repositoryConformanceEntities } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './test-database.test-support.ts';

describe('aggregate sums past 2^63 on SQLite', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  beforeAll(async () => {
    database = await scratch.open(repositoryConformanceEntities);
  });
  afterAll(() => database?.close());

  it('selects the exact sum, and refuses comparing or ordering by it with NotSupportedError', async () => {
    const scope = 'overflow';
    const ledger = database.repository(ConformanceLedger);
    const entry = (units: bigint) => ({
      scope,
      account: 'a',
      side: 'credit' as const,
      amount: '1.0000',
      units,
      weight: null,
      quantity: 1,
      bookedOn: new Date(0),
    });
    await ledger.createMany([entry(2n ** 62n), entry(2n ** 62n), entry(2n ** 62n)]);
    const where = { scope };
    expect(await ledger.aggregate({ where, sum: ['units'] })).toEqual([{ sum: { units: 3n * 2n ** 62n } }]);
    for (const options of [
      { where, sum: ['units'], having: { sum: { units: { $gt: 0n } } } },
      { where, groupBy: ['account'], sum: ['units'], orderBy: { sum: { units: 'desc' } } },
    ] as const) {
      const error = await ledger.aggregate(options).catch((caught: unknown) => caught);
      expect(isStowageError(error, 'NOT_SUPPORTED')).toBe(true);
      expect((error as Error).message).toContain('beyond 2^63');
    }
  });
});
