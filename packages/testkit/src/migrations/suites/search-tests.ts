// Full-text search indexes in generated migrations: added to an entity that already has rows, the
// migration creates the index (and the objects MikroORM cannot declare: SQLite's FTS5 table,
// MySQL's index table, their triggers), indexes those rows, and its `down` removes it all.
import { readFile } from 'node:fs/promises';
import { type Database, defineEntity } from '@stowage/core';
import { expect, it } from 'vitest';
import { articleSchema, ConformanceArticle } from '../../repository/search-entities.ts';
import { migrationsFolder } from '../migration-files.ts';
import type { MigrationsSuiteContext } from '../suite-context.ts';

/** ConformanceArticle before it declared `search`. */
const PlainArticle = defineEntity({
  name: ConformanceArticle.name,
  schema: articleSchema,
  generated: 'uuid',
});

const INDEX = 'conformance_article_title_body_search';

export function searchTests<D extends Database>(ctx: MigrationsSuiteContext<D>): void {
  it('creates a full-text index in a migration, indexing the rows already there, and drops it in down', async () => {
    const folder = await migrationsFolder(ctx);
    const scope = ctx.scope();
    const { createMigrations } = ctx.options;

    const plain = await scope.open([PlainArticle]);
    const plainMigrations = createMigrations(plain, { folder });
    const first = await plainMigrations.create('add articles');
    await plainMigrations.up();
    await plain
      .repository(PlainArticle)
      .create({ scope: 's', title: 'Zebra crossing', body: 'before the index' });

    const database = await scope.open([ConformanceArticle]);
    const migrations = createMigrations(database, { folder });
    const second = await migrations.create('search articles');
    if (!first || !second) throw new Error('expected two migrations');
    expect(await readFile(second.path, 'utf8')).toContain(INDEX);
    expect(await migrations.create('nothing new')).toBeNull();
    await migrations.up();

    const articles = database.repository(ConformanceArticle);
    const titles = async (text: string) => (await articles.search(text)).map((article) => article.title);
    expect(await titles('zebra')).toEqual(['Zebra crossing']);
    const created = await articles.create({ scope: 's', title: 'Lion pride', body: 'after the index' });
    expect(await titles('lion')).toEqual(['Lion pride']);
    await articles.update(created.id, { body: 'renamed' });
    expect(await titles('renamed')).toEqual(['Lion pride']);
    expect(await titles('after')).toEqual([]);

    // Down removes every object of the index (up again would fail on a leftover), keeping the rows.
    await migrations.down({ to: first.name });
    expect(await scope.tables(database)).not.toContain(INDEX);
    expect(await plain.repository(PlainArticle).count({})).toBe(2);
    await migrations.up();
    expect((await titles('index')).sort()).toEqual(['Zebra crossing']);
    expect(await titles('renamed')).toEqual(['Lion pride']);
  });
}
