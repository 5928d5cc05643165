// The cache conformance suite: the behaviour every Cache implementation must show, written once
// and run by each of them (memory here, Redis in its own package). Backend outages are not covered
// here; fail-open behaviour is unit-tested in @stowage/core with faulty stores.
import { describe } from 'vitest';
import { type CacheConformanceOptions, useCacheSuiteContext } from './conformance-context.ts';
import { basicOperationsSuite } from './suites/basic-operations.ts';
import { keysSuite } from './suites/keys.ts';
import { leasesSuite } from './suites/leases.ts';
import { namespacesSuite } from './suites/namespaces.ts';
import { statsSuite } from './suites/stats.ts';
import { tagsSuite } from './suites/tags.ts';
import { ttlSuite } from './suites/ttl.ts';
import { valueTypesSuite } from './suites/value-types.ts';
import { wrapSuite } from './suites/wrap.ts';

/** Registers the suite with vitest; call it at the top level of a test file. */
export function cacheConformance(options: CacheConformanceOptions): void {
  describe(`Cache conformance: ${options.name}`, () => {
    const ctx = useCacheSuiteContext(options);
    basicOperationsSuite(ctx);
    valueTypesSuite(ctx);
    keysSuite(ctx);
    ttlSuite(ctx);
    namespacesSuite(ctx);
    tagsSuite(ctx);
    wrapSuite(ctx);
    leasesSuite(ctx);
    statsSuite(ctx);
  });
}
