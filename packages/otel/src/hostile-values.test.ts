// Values never leave as telemetry: testkit's injection strings stored, used as filter operands,
// cache values and object bodies, then every span name, attribute, status and event and every
// metric attribute is scanned for them (and for the filter-only scope marker).
import { createMemoryCache, createMemoryObjectStore, stowageFrom } from '@stowage/core';
import { silentLogger } from '@stowage/test-support';
import { ConformanceNote, hostileStrings, noteInput, repositoryConformanceEntities } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './sqlite.test-support.ts';
import { exportedStrings, registerForTest } from './telemetry.test-support.ts';

describe('no value in any span or metric attribute', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  beforeAll(async () => {
    database = await scratch.open(repositoryConformanceEntities);
  });
  afterAll(() => database?.close());

  it('exports names, counts and parameterised SQL only', async () => {
    const stowage = stowageFrom({
      database,
      objects: createMemoryObjectStore(),
      cache: createMemoryCache({ namespace: 'app' }),
      logger: silentLogger,
    });
    const telemetry = registerForTest();
    const scope = 'otel-probe-scope-7f3a';
    const notes = stowage.repository(ConformanceNote);
    try {
      for (const [i, hostile] of hostileStrings.entries()) {
        const created = await notes.create(
          noteInput(scope, { title: hostile, body: hostile, tags: [hostile] }),
        );
        await notes.find({ scope, title: hostile });
        await notes.findOne({ scope, title: { $in: [hostile] }, body: { $like: hostile } });
        await notes.count({ scope, body: hostile });
        await notes.findPage({ scope, title: hostile }, { limit: 1 });
        await notes.update(created.id, { body: `${hostile}!` });
        // A refused write: its error message may quote the value; the span must not.
        await notes.create(noteInput(scope, { title: hostile.repeat(20) })).catch(() => {});
        await stowage.cache.set(`k${i}`, { hostile });
        await stowage.cache.get(`k${i}`);
        await stowage.cache.wrap(`w${i}`, async () => hostile);
        await stowage.objects.put(`o${i}.txt`, hostile);
        await stowage.objects.getBytes(`o${i}.txt`);
      }
      const spans = telemetry.spans();
      const strings = exportedStrings(spans, await telemetry.metrics());
      expect(spans.length).toBeGreaterThan(hostileStrings.length * 10);
      expect(spans.some((span) => span.attributes['error.type'] === 'VALIDATION')).toBe(true);
      for (const probe of [scope, ...hostileStrings]) {
        const leaks = strings.filter((text) => text.includes(probe) || text.includes(JSON.stringify(probe)));
        expect(leaks, `"${probe}" exported`).toEqual([]);
      }
    } finally {
      await telemetry.close();
    }
  });
});
