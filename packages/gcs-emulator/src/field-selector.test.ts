import { describe, expect, it } from 'vitest';
import { applyFieldSelection, parseFieldSelector } from './field-selector.ts';

const resource = {
  kind: 'storage#objects',
  nextPageToken: 't',
  prefixes: ['p/'],
  items: [
    { name: 'a', size: '1', owner: { entity: 'user-x', entityId: '7' }, metadata: { k: 'v' } },
    { name: 'b', size: '2', owner: { entity: 'user-y', entityId: '8' } },
  ],
};

function select(fields: string): unknown {
  return applyFieldSelection(resource, parseFieldSelector(fields));
}

describe('fields= selections', () => {
  it('keeps top-level fields and leaves out those the resource does not have', () => {
    expect(select('kind,nextPageToken,missing')).toEqual({ kind: 'storage#objects', nextPageToken: 't' });
  });

  it('applies a sub-selection to every element of an array', () => {
    expect(select('items(name,size),nextPageToken')).toEqual({
      nextPageToken: 't',
      items: [
        { name: 'a', size: '1' },
        { name: 'b', size: '2' },
      ],
    });
  });

  it('reads a/b as a(b), merges repeated selections and nests', () => {
    expect(select('items/name,items/owner(entity)')).toEqual({
      items: [
        { name: 'a', owner: { entity: 'user-x' } },
        { name: 'b', owner: { entity: 'user-y' } },
      ],
    });
    expect(select('items(owner/entityId)')).toEqual({
      items: [{ owner: { entityId: '7' } }, { owner: { entityId: '8' } }],
    });
    expect(select('items(name),items')).toEqual({ items: resource.items });
  });

  it('selects every field at a level with *', () => {
    expect(select('items(*)')).toEqual({ items: resource.items });
    expect(select('*')).toEqual(resource);
  });

  it('refuses malformed selections with 400 invalidParameter', () => {
    for (const bad of ['items(name', 'items)', 'a,,b', 'a//b', '(x)', 'a b', 'items(name))']) {
      expect(() => parseFieldSelector(bad), bad).toThrow(
        expect.objectContaining({ status: 400, reason: 'invalidParameter' }),
      );
    }
  });
});
