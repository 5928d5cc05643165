// Aliases of related tables never shadow a table: entities whose tables are named like the
// aliases an older version gave (r1, r0) still filter and include right. A relation filter's
// subquery and an included join alias their tables with a `$` no table name holds.
import { defineEntity, many, one, relate } from '@stowage/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scratch } from './test-database.test-support.ts';

const R1 = defineEntity({
  name: 'R1',
  schema: z.object({ id: z.uuid(), label: z.string().max(20) }),
  generated: 'uuid',
});
const R0 = defineEntity({
  name: 'R0',
  schema: z.object({ id: z.uuid(), parentId: z.uuid(), label: z.string().max(20) }),
  generated: 'uuid',
  references: { parentId: { entity: 'R1' } },
});
const R1With = relate(R1, { kids: many(R0, 'parentId') });
const R0With = relate(R0, { parent: one(R1, 'parentId') });

describe('relation aliases on tables named r1 and r0', () => {
  let database: Awaited<ReturnType<typeof scratch.open>>;
  beforeAll(async () => {
    database = await scratch.open([R1, R0]);
  });
  afterAll(() => database?.close());

  it('filters and includes by the right tables', async () => {
    const [withKids, alone] = await database.repository(R1).createMany([{ label: 'p' }, { label: 'x' }]);
    await database.repository(R0).create({ parentId: withKids?.id as string, label: 'c' });
    const parents = database.repository(R1With);
    const labels = async (filter: Parameters<typeof parents.find>[0]) =>
      (await parents.find(filter, { orderBy: { label: 'asc' } })).map((row) => row.label);
    expect(await labels({ kids: { $some: {} } })).toEqual(['p']);
    expect(await labels({ kids: { $none: {} } })).toEqual(['x']);
    expect(await labels({ kids: { $some: { label: 'c' } } })).toEqual(['p']);
    const kids = await database
      .repository(R0With)
      .find({ parent: { label: 'p' } }, { include: { parent: true } });
    expect(kids.map((kid) => [kid.label, kid.parent?.label])).toEqual([['c', 'p']]);
    expect(alone?.label).toBe('x');
  });
});
