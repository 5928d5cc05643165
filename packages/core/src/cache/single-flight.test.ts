import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './single-flight.ts';

describe('single flight', () => {
  it('runs concurrent work for one key once and marks joiners as shared', async () => {
    const flights = createSingleFlight();
    let calls = 0;
    const work = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return calls;
    };
    const results = await Promise.all([
      flights.run('k', work),
      flights.run('k', work),
      flights.run('k', work),
    ]);
    expect(calls).toBe(1);
    expect(results.map((r) => r.value)).toEqual([1, 1, 1]);
    expect(results.map((r) => r.shared)).toEqual([false, true, true]);
    expect(flights.size).toBe(0);
  });

  it('keeps keys apart', async () => {
    const flights = createSingleFlight();
    const [a, b] = await Promise.all([flights.run('a', async () => 'a'), flights.run('b', async () => 'b')]);
    expect([a.value, b.value]).toEqual(['a', 'b']);
  });

  it('rejects every waiter and forgets the failure', async () => {
    const flights = createSingleFlight();
    const boom = new Error('boom');
    const failing = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw boom;
    };
    const settled = await Promise.allSettled([flights.run('k', failing), flights.run('k', failing)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(settled.map((s) => (s as PromiseRejectedResult).reason)).toEqual([boom, boom]);
    expect(flights.size).toBe(0);
    await expect(flights.run('k', async () => 'ok')).resolves.toEqual({ value: 'ok', shared: false });
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flights = createSingleFlight();
    await expect(
      flights.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flights.size).toBe(0);
  });
});
