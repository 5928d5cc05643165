// The server a repository call's trace names: the primary's, except for a read outside a
// transaction when replicas are configured (MikroORM picks a replica per query then); the system
// is the configured driver. A stand-in repository: only the wrapper is under test here.
import type { Repository } from '@stowage/core';
import { recordTraces, repositoryChannel } from '@stowage/core/diagnostics';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryEndpoint } from './repository-endpoint.ts';
import { PROMISED, tracedRepository } from './traced-repository.ts';

const answer = async () => null;
const repository = Object.fromEntries(PROMISED.map((name) => [name, answer])) as unknown as Repository<
  object,
  unknown
>;

const server = {
  driver: 'mariadb',
  host: 'db.internal',
  port: 3307,
  name: 'app',
  user: 'app',
  poolMax: 10,
} as const;

let stop: (() => void) | undefined;
afterEach(() => stop?.());

const tracesOf = async (inTransaction: boolean, replicas: boolean) => {
  const config = { ...server, ...(replicas ? { replicas: [{ host: 'replica', port: 3308 }] } : {}) };
  const traced = tracedRepository(
    repository,
    { namespace: 'app', entity: 'Note', collection: 'note', inTransaction },
    repositoryEndpoint(config as Parameters<typeof repositoryEndpoint>[0]),
  );
  const recording = recordTraces(repositoryChannel);
  stop = () => recording.stop();
  await traced.findById('1');
  await traced.create({});
  recording.stop();
  return recording.ended.map((context) => [
    context.operation,
    context.system,
    context.serverAddress,
    context.serverPort,
  ]);
};

describe('tracedRepository’s server', () => {
  it('names the configured driver and the primary for every call without replicas', async () => {
    expect(await tracesOf(false, false)).toEqual([
      ['findById', 'mariadb', 'db.internal', 3307],
      ['create', 'mariadb', 'db.internal', 3307],
    ]);
  });

  it('claims no server for a read outside a transaction when replicas may serve it', async () => {
    expect(await tracesOf(false, true)).toEqual([
      ['findById', 'mariadb', undefined, undefined],
      ['create', 'mariadb', 'db.internal', 3307],
    ]);
    expect(await tracesOf(true, true)).toEqual([
      ['findById', 'mariadb', 'db.internal', 3307],
      ['create', 'mariadb', 'db.internal', 3307],
    ]);
  });

  it('names no server for SQLite', () => {
    expect(
      repositoryEndpoint({ driver: 'sqlite', path: 'x.db' } as Parameters<typeof repositoryEndpoint>[0]),
    ).toEqual({
      system: 'sqlite',
      replicaReads: false,
    });
  });
});
