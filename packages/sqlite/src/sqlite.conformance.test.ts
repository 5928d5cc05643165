// The shared repository suite on SQLite: a fresh database file per run.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleLogger } from '@stowage/core';
import {
  type RepositoryConformanceOptions,
  repositoryConformance,
  unitOfWorkConformance,
} from '@stowage/testkit';
import { createDatabase } from './index.ts';

const conformance: RepositoryConformanceOptions = {
  name: 'sqlite',
  capabilities: { foreignKeys: true },
  open: async (entities) => {
    const path = join(await mkdtemp(join(tmpdir(), 'stowage-sqlite-')), 'conformance.sqlite');
    const database = createDatabase({ driver: 'sqlite', path }, { logger: consoleLogger });
    await database.register(entities);
    await database.syncSchema();
    return database;
  },
};

repositoryConformance(conformance);
unitOfWorkConformance(conformance);
