// Shared vitest setup: the `unit` project runs *.test.ts beside the code; `integration` runs
// *.integration.test.ts against real servers. Each run also writes a JSON report to
// .reports/<script>.json, which tooling/scripts/test-all.mjs adds up into one closing line.
// `integrationGlobalSetup` names files vitest runs once before the integration project (e.g. to
// start a server the tests need and stop it afterwards).
import { defineConfig } from 'vitest/config';

const script = (process.env.npm_lifecycle_event ?? 'vitest').replace(/[^a-z0-9-]/gi, '-');

/** @param {{ integrationGlobalSetup?: string[] }} [options] */
export function stowageVitestConfig(options = {}) {
  return defineConfig({
    test: {
      // Google's auth library looks for a GCE metadata server (a link-local address) when it
      // finds no credentials; tests must never send traffic off this machine.
      env: { METADATA_SERVER_DETECTION: 'none' },
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
            ...(options.integrationGlobalSetup ? { globalSetup: options.integrationGlobalSetup } : {}),
          },
        },
      ],
    },
  });
}
