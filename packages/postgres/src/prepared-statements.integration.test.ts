// Statements pg prepares once per connection stay valid when a migration changes the table
// under a running process.
import { randomBytes } from 'node:crypto';
import { ConformanceAuthor, repositoryConformanceEntities } from '@stowage/testkit';
import { describe, expect, it } from 'vitest';
import { scratch } from './test-database.test-support.ts';

describe('prepared statements', () => {
  it('findById and createMany keep working after a migration adds a column while the process runs', async () => {
    const database = await scratch.open(repositoryConformanceEntities);
    try {
      const authors = database.repository(ConformanceAuthor);
      const scope = `prepared-${randomBytes(4).toString('hex')}`;
      const inputs = Array.from({ length: 1_000 }, (_, i) => ({ scope, name: `a${i}` }));
      const [first] = await authors.createMany(inputs);
      // Both statements are now prepared on the pool's connections.
      expect(await authors.findById(first?.id)).toEqual(first);
      const table = `"${database.place}".conformance_author`;
      await database.orm.em.getConnection().execute(`alter table ${table} add column nickname text`);
      expect(await authors.findById(first?.id)).toEqual(first);
      expect(
        await authors.createMany(inputs.map((input) => ({ ...input, name: `b-${input.name}` }))),
      ).toHaveLength(1_000);
      expect(await authors.count({ scope })).toBe(2_000);
    } finally {
      await database.close();
    }
  });
});
