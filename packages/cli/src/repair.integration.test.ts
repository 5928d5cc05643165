// `stowage repair` finishes a cross-store transaction whose process died right after the
// database commit: the row is there, the object is not, until repair applies the outbox.
import { afterEach, describe, expect, it } from 'vitest';
import type { CliProject } from './cli-project.test-support.ts';
import { driverProject } from './server-databases.test-support.ts';

describe('stowage repair', () => {
  let project: CliProject;
  afterEach(async () => {
    await project?.cleanup();
  });

  it('applies the outbox of a transaction interrupted after its commit', async () => {
    ({ project } = await driverProject('sqlite', { OBJECT_STORE_PATH: './objects' }));
    expect((await project.run(['migrate', 'create', 'initial'])).code).toBe(0);
    expect((await project.run(['migrate', 'up'])).code).toBe(0);

    const crashed = await project.data(['crash']);
    expect(crashed.code).toBe(9);
    const rows = (await project.rows()) as { authors: { id: number }[] };
    expect(rows.authors.map((a) => a.id)).toEqual([9000]);
    expect(JSON.parse((await project.data(['object', 'covers/9000.txt'])).stdout)).toBeNull();

    const repaired = await project.json<{ applied: number; skipped: number }>(['repair']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.data).toMatchObject({ applied: 1, skipped: 0 });
    expect(JSON.parse((await project.data(['object', 'covers/9000.txt'])).stdout)).toBe('the cover');

    const again = await project.json<{ applied: number }>(['repair']);
    expect(again.data.applied).toBe(0);
  });
});
