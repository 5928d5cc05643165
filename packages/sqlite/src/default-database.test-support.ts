// Run by default-database.test.ts as its own process, with the working directory it is given:
// an application that registers entities and configures no database at all.
import { createStowage } from '@stowage/core';
import type { SqlDatabase } from '@stowage/sql';
import { ConformanceAuthor } from '@stowage/testkit';

const stowage = await createStowage({ objects: { driver: 'memory' } }, { entities: [ConformanceAuthor] });
try {
  await (stowage.database as SqlDatabase).syncSchema();
  const authors = stowage.repository(ConformanceAuthor);
  const created = await authors.create({ scope: 'default-db', name: 'Ada' });
  const found = await authors.findById(created.id);
  console.log(JSON.stringify({ driver: stowage.database?.driver, same: found?.name === 'Ada' }));
} finally {
  await stowage.close();
}
