// The read-replica conformance suite: reads made outside a transaction go to the replica, reads
// inside one and every write to the primary. Written once and run by each server driver.
import type { Database } from '@stowage/core';
import { describe } from 'vitest';
import { type ReplicaConformanceOptions, useReplicaSuiteContext } from './suite-context.ts';
import { readTests } from './suites/read-tests.ts';
import { writeTests } from './suites/write-tests.ts';

/** Registers the suite with vitest; call it at the top level of a test file. */
export function replicaConformance<D extends Database>(options: ReplicaConformanceOptions<D>): void {
  describe(`read replicas (${options.name})`, () => {
    const ctx = useReplicaSuiteContext(options);
    readTests(ctx);
    writeTests(ctx);
  });
}
