// db.client.connection.* from the real PostgreSQL pool: while a transaction holds a connection
// it counts as used, the rest of the open ones as idle, against the pool's limit; the pool is
// named host:port/database. Read at each collection, with no round trip of its own.
import { createDatabase } from '@stowage/postgres';
import { serverScratch } from '@stowage/test-support';
import { ConformanceNote, repositoryConformanceEntities } from '@stowage/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerForTest, series, type Telemetry } from './telemetry.test-support.ts';

const scratch = serverScratch('postgres', createDatabase);

describe('pool metrics on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  let telemetry: Telemetry;
  beforeAll(async () => {
    database = await scratch.open(repositoryConformanceEntities);
  });
  afterEach(() => telemetry?.close());
  afterAll(() => database?.close());

  const points = async (name: string): Promise<Record<string, unknown>[]> =>
    series(await telemetry.metrics(), name).points.map((point) => ({
      ...point.attributes,
      value: point.value,
    }));

  it('counts the used and idle connections of the pool against its limit', async () => {
    // A function, as for a Stowage made after the registration; undefined entries are skipped.
    telemetry = registerForTest({ databases: () => [database, undefined] });
    const { host, port, name, poolMax } = scratch.server.config;
    const pool = `${host}:${port}/${name}`;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let begun: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      begun = resolve;
    });
    const transaction = database.transaction(async (tx) => {
      await tx.repository(ConformanceNote).count({});
      begun();
      await held;
    });
    await inside;
    await Promise.all([1, 2, 3].map(() => database.repository(ConformanceNote).count({})));
    const whileHeld = await points('db.client.connection.count');
    const used = whileHeld.find((point) => point['db.client.connection.state'] === 'used');
    const idle = whileHeld.find((point) => point['db.client.connection.state'] === 'idle');
    expect(used).toMatchObject({ 'db.client.connection.pool.name': pool });
    expect(used?.value).toBeGreaterThanOrEqual(1);
    expect((used?.value as number) + (idle?.value as number)).toBeGreaterThanOrEqual(2);
    expect(await points('db.client.connection.max')).toEqual([
      { 'db.client.connection.pool.name': pool, value: poolMax },
    ]);
    expect(await points('db.client.connection.pending_requests')).toEqual([
      { 'db.client.connection.pool.name': pool, value: 0 },
    ]);
    release();
    await transaction;
    const after = await points('db.client.connection.count');
    expect(after.find((point) => point['db.client.connection.state'] === 'used')?.value).toBe(0);
  });

  it('reads nothing of a closed database (reading its pool would open it again)', async () => {
    const other = await scratch.open(repositoryConformanceEntities);
    await other.repository(ConformanceNote).count({});
    await other.close();
    expect(await other.poolUsage?.()).toBeUndefined();
    await expect(other.repository(ConformanceNote).count({})).rejects.toThrow();
  });

  it('measures no pool unless given one', async () => {
    telemetry = registerForTest();
    await database.repository(ConformanceNote).count({});
    const names = (await telemetry.metrics()).map((metric) => metric.name);
    expect(names).not.toContain('db.client.connection.count');
  });
});
