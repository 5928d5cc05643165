// cachedRepository over a repository written as a class (methods on its prototype), with the
// memory cache: reads are cached, writes invalidate, everything else is delegated.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryCache } from '../cache/memory-cache.ts';
import type { AggregateRow } from '../contracts/aggregate.ts';
import type { Filter, Page, Repository } from '../contracts/repository.ts';
import { defineEntity, type EntityOf } from '../entity/define-entity.ts';
import { cachedRepository } from './cached-repository.ts';

const Item = defineEntity({
  name: 'Item',
  schema: z.object({ id: z.string(), label: z.string(), at: z.date() }),
  cache: { ttl: 60_000 },
});
type Item = EntityOf<typeof Item>;

class ItemRepository implements Repository<Item> {
  readonly rows = new Map<string, Item>();
  reads = 0;
  async findById(id: unknown) {
    this.reads += 1;
    const row = this.rows.get(String(id));
    return row ? { ...row } : null;
  }
  async getById(id: unknown) {
    const row = await this.findById(id);
    if (!row) throw new Error('absent');
    return row;
  }
  async findOne() {
    return null;
  }
  async find(_filter?: Filter<Item>) {
    return [...this.rows.values()];
  }
  async findPage(): Promise<Page<Item>> {
    return { items: [...this.rows.values()] };
  }
  async count() {
    return this.rows.size;
  }
  async exists() {
    return this.rows.size > 0;
  }
  async search() {
    return [...this.rows.values()];
  }
  async aggregate<O>(): Promise<AggregateRow<Item, O>[]> {
    return [{ count: this.rows.size } as unknown as AggregateRow<Item, O>];
  }
  async create(input: Item) {
    this.rows.set(input.id, input);
    return input;
  }
  async createMany(inputs: readonly Item[]) {
    return Promise.all(inputs.map((input) => this.create(input)));
  }
  async update(id: unknown, patch: Partial<Item>) {
    const row = { ...(this.rows.get(String(id)) as Item), ...patch };
    this.rows.set(row.id, row);
    return row;
  }
  async delete(id: unknown) {
    return this.rows.delete(String(id));
  }
  async upsert(input: Item) {
    return this.create(input);
  }
  async *stream() {
    yield* this.rows.values();
  }
}

describe('cachedRepository', () => {
  it('caches findById, invalidates on update and delegates the rest to a class instance', async () => {
    const source = new ItemRepository();
    const items = cachedRepository(source, createMemoryCache(), Item, { ttl: 60_000 });
    await items.create({ id: 'a', label: 'one', at: new Date(1) });
    expect(await items.findById('a')).toEqual({ id: 'a', label: 'one', at: new Date(1) });
    expect(await items.findById('a')).toEqual({ id: 'a', label: 'one', at: new Date(1) });
    expect(source.reads).toBe(1);
    await items.update('a', { label: 'two' });
    expect((await items.findById('a'))?.label).toBe('two');
    expect(source.reads).toBe(2);
    expect(await items.count()).toBe(1);
    expect(await items.aggregate({ count: true })).toEqual([{ count: 1 }]);
    expect(await items.find()).toHaveLength(1);
    const streamed: Item[] = [];
    for await (const row of items.stream()) streamed.push(row);
    expect(streamed).toHaveLength(1);
    expect(await items.delete('a')).toBe(true);
    expect(await items.findById('a')).toBeNull();
  });
});
