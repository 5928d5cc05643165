// crossStoreConformance(): one transaction across database, object store and cache, for any
// combination of backends. It checks the guarantees written in ARCHITECTURE.md: after a commit
// the rows, objects and cache agree; after a throw or a failed commit all three are as before;
// after a crash past the commit (simulated here by a phase hook that throws), recover() finishes
// the steps once, even when two recoveries run at the same time.
import { describe } from 'vitest';
import { type CrossStoreConformanceOptions, useCrossStoreSuite } from './suite-context.ts';
import { commitTests } from './suites/commit-tests.ts';
import { lazyOpenTests } from './suites/lazy-open-tests.ts';
import { promoteTests } from './suites/promote-tests.ts';
import { putDeleteRaceTests } from './suites/put-delete-race-tests.ts';
import { recoveryTests } from './suites/recovery-tests.ts';

/** Registers the suite with vitest; call it at the top level of a test file. */
export function crossStoreConformance(options: CrossStoreConformanceOptions): void {
  describe(`cross-store unit of work: ${options.name}`, () => {
    const suite = useCrossStoreSuite(options);
    commitTests(suite);
    recoveryTests(suite);
    lazyOpenTests(suite);
    promoteTests(suite);
    putDeleteRaceTests(suite);
  });
}
