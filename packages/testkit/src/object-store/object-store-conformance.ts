// objectStoreConformance(): the behaviour every ObjectStore must show, as vitest tests. Each run
// works under its own random key prefix and deletes it afterwards, so it is safe against shared
// remote buckets and parallel workers.
import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '@stowage/core';
import { afterAll, beforeAll, describe } from 'vitest';
import { concurrencyTests } from './concurrency-tests.ts';
import { keyTests } from './key-tests.ts';
import { largeBodyTests } from './large-body-tests.ts';
import { listingTests } from './listing-tests.ts';
import { longKeyTests } from './long-key-tests.ts';
import { mutationTests } from './mutation-tests.ts';
import { roundTripTests } from './round-trip-tests.ts';
import { signedUrlTests } from './signed-url-tests.ts';
import type { ObjectStoreConformanceOptions, SuiteContext } from './suite-context.ts';

/** Registers the object store conformance tests; call it at the top level of a vitest test file. */
export function objectStoreConformance(options: ObjectStoreConformanceOptions): void {
  describe(`ObjectStore conformance: ${options.name}`, () => {
    const runPrefix = `stowage-conformance-${randomUUID()}/`;
    let store: ObjectStore | undefined;
    let scopes = 0;

    const ctx: SuiteContext = {
      name: options.name,
      capabilities: options.capabilities,
      store() {
        if (!store)
          throw new Error(
            'the object store is not created yet (create() failed or tests ran outside the suite)',
          );
        return store;
      },
      scope(label) {
        scopes += 1;
        return `${runPrefix}${String(scopes).padStart(4, '0')}-${label}/`;
      },
    };

    beforeAll(async () => {
      store = await options.create();
    }, 60_000);

    afterAll(async () => {
      if (!store) return;
      try {
        await store.deletePrefix(runPrefix);
      } finally {
        await store.close();
        await options.destroy?.(store);
      }
    }, 120_000);

    roundTripTests(ctx);
    keyTests(ctx);
    longKeyTests(ctx);
    listingTests(ctx);
    mutationTests(ctx);
    concurrencyTests(ctx);
    largeBodyTests(ctx);
    signedUrlTests(ctx);
  });
}
