// Shared vitest setup: the `unit` project runs *.test.ts beside the code; `integration` runs
// *.integration.test.ts against real servers. Each run also writes a JSON report to
// .reports/<script>.json, which tooling/scripts/test-all.mjs adds up into one closing line.
import { defineConfig } from 'vitest/config';

const script = (process.env.npm_lifecycle_event ?? 'vitest').replace(/[^a-z0-9-]/gi, '-');

export function stowageVitestConfig() {
  return defineConfig({
    test: {
      reporters: ['default', 'json'],
      outputFile: { json: `.reports/${script}.json` },
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['src/**/*.test.ts'],
            exclude: ['src/**/*.integration.test.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['src/**/*.integration.test.ts', 'test/**/*.integration.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  });
}
