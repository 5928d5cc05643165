// The entity the cached-repository suite runs against: it opts into caching, has a unique key
// (email) to look it up by, and a version every write bumps.
import { defineEntity, type EntityDefinition } from '@stowage/core';
import { z } from 'zod';

export const CachedAccount = defineEntity({
  name: 'CachedAccount',
  schema: z.object({
    id: z.uuid(),
    email: z.string().max(200),
    balance: z.number().int(),
    version: z.number().int(),
  }),
  generated: 'uuid',
  version: 'version',
  indexes: [{ fields: ['email'], unique: true }],
  cache: { ttl: 60_000 },
});

export const cachedRepositoryEntities: readonly EntityDefinition[] = Object.freeze([
  CachedAccount,
] as EntityDefinition[]);
