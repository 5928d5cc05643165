// `findOne(filter, { include })` on a cached entity, outside and inside a transaction: the
// relations are loaded (an include bypasses the cache, whose entries hold the row alone), and a
// plain findOne by the unique key is still served from the cache.
import {
  createMemoryCache,
  createMemoryObjectStore,
  defineEntity,
  many,
  relate,
  type Stowage,
  stowageFrom,
} from '@stowage/core';
import { collectTraces } from '@stowage/core/diagnostics';
import { silentLogger } from '@stowage/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scratch } from './test-database.test-support.ts';

const Owner = defineEntity({
  name: 'IncludeOwner',
  schema: z.object({ id: z.uuid(), email: z.string().max(200) }),
  generated: 'uuid',
  indexes: [{ fields: ['email'], unique: true }],
  cache: { ttl: 60_000 },
});
const Pet = defineEntity({
  name: 'IncludePet',
  schema: z.object({ id: z.uuid(), ownerId: z.uuid(), name: z.string().max(100) }),
  generated: 'uuid',
  indexes: [{ fields: ['ownerId'] }],
  references: { ownerId: { entity: 'IncludeOwner', onDelete: 'cascade' } },
});
const OwnerWith = relate(Owner, { pets: many(Pet, 'ownerId') });

describe('include on a cached entity', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  let stowage: Stowage;
  beforeAll(async () => {
    database = await scratch.open([Owner, Pet]);
    stowage = stowageFrom({
      database,
      objects: createMemoryObjectStore(),
      cache: createMemoryCache({ namespace: 'app' }),
      logger: silentLogger,
    });
  });
  afterAll(() => database?.close());

  it('loads the relations through findOne outside and inside a transaction', async () => {
    const owner = await stowage.repository(Owner).create({ email: 'ann@example.com' });
    await stowage.repository(Pet).createMany([
      { ownerId: owner.id, name: 'Rex' },
      { ownerId: owner.id, name: 'Tom' },
    ]);
    const owners = stowage.repository(OwnerWith);
    // Filled into the cache first, so a cached row without pets is there to be wrongly served.
    expect(await owners.findOne({ email: 'ann@example.com' })).toEqual(owner);
    const outside = await owners.findOne({ email: 'ann@example.com' }, { include: { pets: true } });
    expect(outside?.pets.map((pet) => pet.name).sort()).toEqual(['Rex', 'Tom']);
    const inside = await stowage.transaction((tx) =>
      tx.repository(OwnerWith).findOne({ email: 'ann@example.com' }, { include: { pets: true } }),
    );
    expect(inside?.pets.map((pet) => pet.name).sort()).toEqual(['Rex', 'Tom']);
    // Without an include, the unique key is still read through the cache (its pointer, then the
    // row's entry, filled by this first read).
    await owners.findOne({ email: 'ann@example.com' });
    const reads = await collectTraces('stowage:entity-cache', () =>
      owners.findOne({ email: 'ann@example.com' }),
    );
    expect(reads.ended.map((read) => [read.operation, read.outcome])).toEqual([['findOne', 'hit']]);
  });
});
