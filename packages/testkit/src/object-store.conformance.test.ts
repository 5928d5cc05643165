// The shared object store suite against the two in-process stores.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalObjectStore, createMemoryObjectStore } from '@stowage/core';
import { afterAll } from 'vitest';
import { objectStoreConformance } from './object-store/index.ts';

const tempRoots: string[] = [];
async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'stowage-objects-'));
  tempRoots.push(root);
  return root;
}
afterAll(() => Promise.all(tempRoots.map((root) => rm(root, { recursive: true, force: true }))));

objectStoreConformance({
  name: 'memory',
  create: async () => createMemoryObjectStore(),
  capabilities: { signedUrls: false, boundedMemory: false },
});

objectStoreConformance({
  name: 'local-fs',
  create: async () => createLocalObjectStore({ root: await tempRoot() }),
  capabilities: { signedUrls: false, boundedMemory: true },
});
