import { expect, it } from 'vitest';
import type { ReplicaSuiteContext } from '../suite-context.ts';

export function writeTests(ctx: ReplicaSuiteContext): void {
  const { Item, id, rowOn } = ctx;

  it('writes to the primary, in and outside a transaction', async () => {
    const database = ctx.database();
    const items = database.repository(Item);
    const created = await items.create({ scope: 'new', name: 'created' });
    expect(await rowOn('primary', created.id)).toMatchObject({ name: 'created' });
    expect(await rowOn('replica', created.id)).toBeNull();

    await items.update(id, { name: 'updated' });
    expect(await rowOn('primary', id)).toMatchObject({ name: 'updated', scope: 'primary scope' });
    expect(await rowOn('replica', id)).toMatchObject({ name: 'replica', scope: 'replica scope' });

    await database.transaction(async (tx) => {
      await tx.repository(Item).update(id, { name: 'in a transaction' });
    });
    expect(await rowOn('primary', id)).toMatchObject({ name: 'in a transaction' });
    expect(await rowOn('replica', id)).toMatchObject({ name: 'replica' });
  });

  it('returns what a write stored, read back from the primary', async () => {
    // update() reads the row back from the primary: a replica may not have the change yet.
    const updated = await ctx.database().repository(Item).update(id, { name: 'read back' });
    expect(updated).toEqual({ id, name: 'read back', scope: 'primary scope' });
  });
}
