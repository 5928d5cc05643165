import { expect, it } from 'vitest';
import type { ReplicaSuiteContext } from '../suite-context.ts';

export function readTests(ctx: ReplicaSuiteContext): void {
  const { Item, id } = ctx;

  it('sends find, findOne and count outside a transaction to the replica', async () => {
    const items = ctx.database().repository(Item);
    expect(await items.findOne({ id })).toMatchObject({ name: 'replica' });
    expect((await items.find({ id })).map((item) => item.name)).toEqual(['replica']);
    expect(await items.count({ name: 'replica' })).toBe(2);
    expect(await items.count()).toBe(2);
  });

  it('sends findById outside a transaction to the replica', async () => {
    // The lean findById statement runs on the read connection, like MikroORM's own reads.
    expect(await ctx.database().repository(Item).findById(id)).toMatchObject({ name: 'replica' });
  });

  it('sends every read inside a transaction to the primary', async () => {
    await ctx.database().transaction(async (tx) => {
      const items = tx.repository(Item);
      expect(await items.findById(id)).toMatchObject({ name: 'primary' });
      expect(await items.findOne({ id })).toMatchObject({ name: 'primary' });
      expect((await items.find({ id })).map((item) => item.name)).toEqual(['primary']);
      expect(await items.count({ name: 'replica' })).toBe(0);
      expect(await items.count()).toBe(1);
    });
  });
}
