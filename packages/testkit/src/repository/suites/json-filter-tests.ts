// Filters on JSON fields: paths, comparisons at a path, presence and containment, with the same
// results on every database — type-strict ('1' ≠ 1, true ≠ 1), numbers numerically, strings by
// code point, JSON null apart from a missing path, `$ne` as the exact negation of `$eq`, `$contains`
// as PostgreSQL's `@>` — and hostile keys and values matched verbatim, never executed.
import type { EntityOf, Filter } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { ConformanceDocument } from '../entities.ts';
import { expectValidationError } from '../expect-stowage-error.ts';
import { hostileStrings } from '../hostile-strings.ts';
import type { RepositorySuiteContext } from '../suite-context.ts';

type Document = EntityOf<typeof ConformanceDocument>;
type DocumentFilter = Filter<Document>;
type Seed = { data: Record<string, unknown>; list: unknown[] | null };

// Labels are lowercase ASCII (they are compared sorted); what the cases look at is in `data` and `list`.
const documents: Record<string, Seed> = {
  alpha: {
    data: {
      name: 'alpha',
      n: 2,
      s: '1',
      flag: true,
      tags: ['red', 'blue'],
      nested: { deep: { x: 'y' } },
      maybe: null,
      idx: ['zero'],
      f: 0.1 + 0.2,
      big: 2 ** 53,
      u: '🎉',
    },
    list: [1, 'a', true, null, { k: 'v' }, [1, 2]],
  },
  bravo: {
    data: {
      name: 'bravo',
      n: 10,
      s: 1,
      flag: 1,
      tags: ['blue'],
      nested: { deep: { x: 'z' } },
      idx: { '0': 'zero' },
      f: 0.3,
      big: 1e21,
      u: 'ｚ',
    },
    list: ['x'],
  },
  charlie: {
    data: {
      name: 'charlie',
      n: 1.5,
      flag: false,
      tags: [],
      nested: { deep: [] },
      maybe: 'null',
      idx: 'zero',
      u: 'é',
    },
    list: null,
  },
  delta: {
    data: { name: 'delta', n: -3, s: 'B', flag: 0, tags: ['red', 'red', 'green'], nested: 'flat', maybe: 0 },
    list: [],
  },
  echo: {
    data: { name: 'Echo', n: '10', s: 'a ', tags: 'red', nested: { deep: { x: ['y'] } }, maybe: false },
    list: [['x']],
  },
  foxtrot: { data: {}, list: [null] },
};
const all = Object.keys(documents);
const except = (...labels: string[]) => all.filter((label) => !labels.includes(label));
const at = (path: (string | number)[], operators: Record<string, unknown>): DocumentFilter =>
  ({ data: { $path: path, ...operators } }) as DocumentFilter;

const cases: [string, DocumentFilter, string[]][] = [
  // paths into objects and arrays
  ['a key', at(['name'], { $eq: 'alpha' }), ['alpha']],
  ['nested keys', at(['nested', 'deep', 'x'], { $eq: 'y' }), ['alpha']],
  ['an array index', at(['tags', 0], { $eq: 'red' }), ['alpha', 'delta']],
  ['a second index', at(['tags', 1], { $eq: 'blue' }), ['alpha']],
  [
    'an index reads arrays only (not an object key "0", not a scalar)',
    at(['idx', 0], { $eq: 'zero' }),
    ['alpha'],
  ],
  ['a key "0" reads objects only', at(['idx', '0'], { $eq: 'zero' }), ['bravo']],
  ['a missing key', at(['nope'], { $eq: 'x' }), []],
  ['a key under a scalar', at(['name', 'x'], { $exists: true }), []],
  ['an index past the end', at(['tags', 3], { $exists: true }), []],
  // JSON null, missing paths and $ne
  ['$eq null: a JSON null only, not a missing key', at(['maybe'], { $eq: null }), ['alpha']],
  ['$ne null: everything else, missing keys too', at(['maybe'], { $ne: null }), except('alpha')],
  ['$exists true: present, even holding null', at(['maybe'], { $exists: true }), except('bravo', 'foxtrot')],
  ['$exists false', at(['maybe'], { $exists: false }), ['bravo', 'foxtrot']],
  ["the string 'null' is not null", at(['maybe'], { $eq: 'null' }), ['charlie']],
  ['$ne matches missing paths and other types', at(['name'], { $ne: 'alpha' }), except('alpha')],
  ['$not is the complement', { $not: at(['name'], { $eq: 'alpha' }) }, except('alpha')],
  ['$not of a range includes missing paths', { $not: at(['n'], { $gt: 0 }) }, ['delta', 'echo', 'foxtrot']],
  // type strictness
  ["'1' is not 1", at(['s'], { $eq: '1' }), ['alpha']],
  ["1 is not '1'", at(['s'], { $eq: 1 }), ['bravo']],
  ['true is not 1', at(['flag'], { $eq: true }), ['alpha']],
  ['1 is not true', at(['flag'], { $eq: 1 }), ['bravo']],
  ['false is not 0', at(['flag'], { $eq: false }), ['charlie']],
  ['0 is not false', at(['flag'], { $eq: 0 }), ['delta']],
  ['0 is not false, nor null', at(['maybe'], { $eq: 0 }), ['delta']],
  ['false is not 0, nor null', at(['maybe'], { $eq: false }), ['echo']],
  ['$ne true keeps 1', at(['flag'], { $ne: true }), except('alpha')],
  ["10 is not '10'", at(['n'], { $eq: 10 }), ['bravo']],
  ["'10' is not 10", at(['n'], { $eq: '10' }), ['echo']],
  // numbers compare numerically, strings by code point, each with its own type only
  ['$gt 2: 10 numerically, not the string "10"', at(['n'], { $gt: 2 }), ['bravo']],
  ['$lt 2: floats and negatives', at(['n'], { $lt: 2 }), ['charlie', 'delta']],
  ['$gte and $lte together', at(['n'], { $gte: 1.5, $lte: 2 }), ['alpha', 'charlie']],
  ['$eq on a float', at(['n'], { $eq: 1.5 }), ['charlie']],
  ['$gt on a string skips numbers', at(['n'], { $gt: '1' }), ['echo']],
  ['0.1 + 0.2 is not 0.3', at(['f'], { $eq: 0.3 }), ['bravo']],
  ['0.1 + 0.2 is above 0.3', at(['f'], { $gt: 0.3 }), ['alpha']],
  ['large numbers', at(['big'], { $gt: 2 ** 53 - 1 }), ['alpha', 'bravo']],
  ['1e21', at(['big'], { $eq: 1e21 }), ['bravo']],
  ["code point order: 'B' and '1' before 'a'", at(['s'], { $lt: 'a' }), ['alpha', 'delta']],
  ['no trailing-space padding', at(['s'], { $eq: 'a' }), []],
  ['a trailing space matches itself', at(['s'], { $eq: 'a ' }), ['echo']],
  ['no case folding', at(['name'], { $eq: 'echo' }), []],
  ["'Echo' sorts before 'charlie'", at(['name'], { $gte: 'charlie' }), ['charlie', 'delta']],
  ['an astral character sorts after U+FF5A (code points, not UTF-16)', at(['u'], { $gt: 'ｚ' }), ['alpha']],
  ['é before U+FF5A', at(['u'], { $lt: 'ｚ' }), ['charlie']],
  // $in
  ['$in with numbers, and a string that is not one', at(['n'], { $in: [10, '1.5', 2] }), ['alpha', 'bravo']],
  ['$in with null and false', at(['maybe'], { $in: [null, false] }), ['alpha', 'echo']],
  ['$in with true and 0', at(['flag'], { $in: [true, 0] }), ['alpha', 'delta']],
  ['$in with strings', at(['name'], { $in: ['bravo', 'Echo', 'zulu'] }), ['bravo', 'echo']],
  ['an empty $in', at(['name'], { $in: [] }), []],
  // logic and other fields
  ['$or with another field', { $or: [at(['n'], { $gt: 5 }), { label: 'charlie' }] }, ['bravo', 'charlie']],
  ['$and of two paths', { $and: [at(['tags', 0], { $eq: 'red' }), at(['n'], { $lt: 0 })] }, ['delta']],
  [
    'beside another field',
    { label: { $in: ['alpha', 'delta'] }, ...at(['tags', 0], { $eq: 'red' }) },
    ['alpha', 'delta'],
  ],
  ['two operators at one path', at(['n'], { $gt: 0, $ne: 10 }), ['alpha', 'charlie']],
  [
    'both JSON fields',
    { data: { $path: ['name'], $ne: 'alpha' }, list: { $path: [0], $exists: true } } as DocumentFilter,
    ['bravo', 'echo', 'foxtrot'],
  ],
  // $contains
  ['$contains an object by a key', { data: { $contains: { name: 'alpha' } } }, ['alpha']],
  ['$contains nested objects', { data: { $contains: { nested: { deep: { x: 'y' } } } } }, ['alpha']],
  ['$contains an element', { data: { $contains: { tags: ['blue'] } } }, ['alpha', 'bravo']],
  ['$contains elements in any order', { data: { $contains: { tags: ['blue', 'red'] } } }, ['alpha']],
  ['$contains with duplicates', { data: { $contains: { tags: ['red', 'red'] } } }, ['alpha', 'delta']],
  ['$contains {} (every object)', { data: { $contains: {} } }, all],
  ['$contains is type-strict', { data: { $contains: { flag: 1 } } }, ['bravo']],
  ['$contains compares numbers numerically', { data: { $contains: { n: 1.5 } } }, ['charlie']],
  [
    '$contains at a path: a scalar in an array, or equal',
    at(['tags'], { $contains: 'red' }),
    ['alpha', 'delta', 'echo'],
  ],
  [
    '$contains [] at a path (every array)',
    at(['tags'], { $contains: [] }),
    ['alpha', 'bravo', 'charlie', 'delta'],
  ],
  ['$contains at a nested path', at(['nested'], { $contains: { deep: {} } }), ['alpha', 'bravo', 'echo']],
  ['an empty array is not an empty object', at(['nested'], { $contains: { deep: [] } }), ['charlie']],
  ['nested, a scalar does not match an array', { data: { $contains: { tags: 'red' } } }, ['echo']],
  ['$contains beside $not', { $not: { data: { $contains: { tags: ['red'] } } } }, except('alpha', 'delta')],
  ['elements that are objects', { list: { $contains: [{ k: 'v' }] } }, ['alpha']],
  ['elements that are arrays, contained', { list: { $contains: [[2]] } }, ['alpha']],
  ['a scalar element matches a scalar, not an array holding it', { list: { $contains: ['x'] } }, ['bravo']],
  ['an array element matches an array', { list: { $contains: [['x']] } }, ['echo']],
  ['scalars of several types', { list: { $contains: [1, 'a', true, null] } }, ['alpha']],
  ["'1' is not contained where 1 is", { list: { $contains: ['1'] } }, []],
  ['a null element', { list: { $contains: [null] } }, ['alpha', 'foxtrot']],
  ['a bare scalar in an array', { list: { $contains: true } }, ['alpha']],
  ['null: an element, or a null field', { list: { $contains: null } }, ['alpha', 'charlie', 'foxtrot']],
  // the whole value of a nullable field, and paths into arrays
  ['a null field is null', { list: { $eq: null } }, ['charlie']],
  ['a null field is not anything else', { list: { $ne: null } }, except('charlie')],
  ['a null first element', { list: { $path: [0], $eq: null } }, ['foxtrot']],
  ['an object inside an array', { list: { $path: [4, 'k'], $eq: 'v' } }, ['alpha']],
  ['an array inside an array', { list: { $path: [5, 1], $eq: 2 } }, ['alpha']],
  ['a key never reads an array', { list: { $path: ['0'], $exists: true } }, []],
];

async function seed(ctx: RepositorySuiteContext, scope: string, seeds: Record<string, Seed>): Promise<void> {
  const inputs = Object.entries(seeds).map(([label, { data, list }]) => ({ scope, label, data, list }));
  await ctx
    .database()
    .repository(ConformanceDocument)
    .createMany(inputs as never);
}

async function labels(ctx: RepositorySuiteContext, filter: DocumentFilter): Promise<string[]> {
  const rows = await ctx.database().repository(ConformanceDocument).find(filter);
  return rows.map((row) => row.label).sort();
}

const pathsOf = (error: { issues: readonly { path: string }[] }) => error.issues.map((issue) => issue.path);

const deep = (levels: number): unknown => (levels === 0 ? 'x' : [deep(levels - 1)]);

const invalid: [string, unknown, string[]][] = [
  ['an object for $eq', { $path: ['a'], $eq: { x: 1 } }, ['data.$eq']],
  ['an array for $ne', { $path: ['a'], $ne: [1] }, ['data.$ne']],
  ['NaN', { $path: ['a'], $eq: Number.NaN }, ['data.$eq']],
  ['Infinity for $gt', { $path: ['a'], $gt: Number.POSITIVE_INFINITY }, ['data.$gt']],
  ['a boolean for $gt', { $path: ['a'], $gt: true }, ['data.$gt']],
  ['null for $lte', { $path: ['a'], $lte: null }, ['data.$lte']],
  ['a bigint', { $path: ['a'], $eq: 1n }, ['data.$eq']],
  ['a date', { $path: ['a'], $eq: new Date(0) }, ['data.$eq']],
  ['a string for $in', { $path: ['a'], $in: 'x' }, ['data.$in']],
  ['an object in $in', { $path: ['a'], $in: [1, {}] }, ['data.$in.1']],
  ['257 values in $in', { $path: ['a'], $in: Array.from({ length: 257 }, (_, i) => i) }, ['data.$in']],
  ['a string for $exists', { $path: ['a'], $exists: 'yes' }, ['data.$exists']],
  ['$exists without a path', { $exists: true }, ['data.$exists']],
  ['$path not an array', { $path: 'a', $eq: 1 }, ['data.$path']],
  ['a negative index', { $path: ['a', -1], $eq: 1 }, ['data.$path.1']],
  ['a fractional index', { $path: ['a', 1.5], $eq: 1 }, ['data.$path.1']],
  ['an index past 2^31 - 1', { $path: [2 ** 31], $eq: 1 }, ['data.$path.0']],
  ['a boolean step', { $path: ['a', 'b', 'c', true], $eq: 1 }, ['data.$path.3']],
  ['a null step', { $path: [null], $eq: 1 }, ['data.$path.0']],
  ['an object step', { $path: [{ a: 1 }], $eq: 1 }, ['data.$path.0']],
  ['a NUL in a key', { $path: ['a\u0000b'], $eq: 1 }, ['data.$path.0']],
  ['a lone surrogate in a key', { $path: ['\ud800'], $eq: 1 }, ['data.$path.0']],
  ['33 steps', { $path: Array.from({ length: 33 }, () => 'a'), $eq: 1 }, ['data.$path']],
  ['a NUL in a value', { $path: ['a'], $eq: 'x\u0000' }, ['data.$eq']],
  ['$path without an operator', { $path: ['a'] }, ['data']],
  ['no operator', {}, ['data']],
  ['an unknown operator', { $path: ['a'], $regex: 'x' }, ['data.$regex']],
  ['$like', { $path: ['a'], $like: 'x%' }, ['data.$like']],
  ['$nin', { $path: ['a'], $nin: ['x'] }, ['data.$nin']],
  ['a key instead of operators', { name: 'alpha' }, ['data.name']],
  ['$contains 17 levels deep', { $contains: deep(17) }, ['data.$contains']],
  ['$contains of 257 values', { $contains: Array.from({ length: 256 }, (_, i) => i) }, ['data.$contains']],
  ['undefined in $contains', { $contains: { a: undefined } }, ['data.$contains.a']],
  ['a NUL in $contains', { $contains: { a: ['x', 'y\u0000'] } }, ['data.$contains.a.1']],
  ['a NUL in a $contains key', { $contains: { 'a\u0000': 1 } }, ['data.$contains.a\u0000']],
  ['a bigint in $contains', { $contains: [1, 2n] }, ['data.$contains.1']],
  ['a date in $contains', { $contains: { at: new Date(0) } }, ['data.$contains.at']],
  ['every issue at once', { $path: [-1], $eq: {}, $gt: null }, ['data.$path.0', 'data.$eq', 'data.$gt']],
];

export function jsonFilterTests(ctx: RepositorySuiteContext): void {
  describe('filters on JSON fields', () => {
    it.each(cases)('%s', async (label, filter, expected) => {
      const scope = ctx.scope(`json-${label}`.slice(0, 40));
      await seed(ctx, scope, documents);
      const scoped = { ...filter, scope } as DocumentFilter;
      expect(await labels(ctx, scoped)).toEqual([...expected].sort());
      const documentsRepository = ctx.database().repository(ConformanceDocument);
      expect(await documentsRepository.count(scoped)).toBe(expected.length);
      expect(await documentsRepository.exists(scoped)).toBe(expected.length > 0);
    });

    it('reads numbers past 2^53 back as numbers, and keeps matching them after a write', async () => {
      const scope = ctx.scope('json-big-numbers');
      const data = { p53: 2 ** 53, big: 1e16, exp: 1e21, nested: [2 ** 60] };
      const repository = ctx.database().repository(ConformanceDocument);
      const created = await repository.create({ scope, label: 'big', data, list: [2 ** 55] });
      const read = await repository.findById(created.id);
      expect(read?.data).toEqual(data);
      expect(read?.list).toEqual([2 ** 55]);
      // A read-modify-write keeps them numbers: filters on them still match.
      await repository.update(created.id, { data: { ...(read?.data ?? {}), touched: true } });
      expect(await repository.count({ scope, data: { $path: ['p53'], $eq: 2 ** 53 } })).toBe(1);
      expect(await repository.count({ scope, data: { $path: ['p53'], $eq: String(2 ** 53) } })).toBe(0);
    });

    it('binds every $in list right, whatever lists of the same shape ran before', async () => {
      // One statement serves lists of one padded shape: each call must bind its own values in it.
      const scope = ctx.scope('json-in-reuse');
      await seed(ctx, scope, documents);
      const runs: [unknown[], (string | number)[], string[]][] = [
        [['nobody1', 'nobody2', 'nobody3'], ['name'], []],
        [['alpha', 'bravo', 'nobody', 'Echo'], ['name'], ['alpha', 'bravo', 'echo']],
        [['alpha', 2, 'bravo'], ['name'], ['alpha', 'bravo']],
        [['alpha', 'bravo', 2], ['name'], ['alpha', 'bravo']],
        [[2, 'x', 10], ['n'], ['alpha', 'bravo']],
        [['x', 10, 2], ['n'], ['alpha', 'bravo']],
        [[10, 'x', 'y'], ['n'], ['bravo']],
      ];
      for (const [list, path, expected] of runs) {
        expect(await labels(ctx, { scope, ...at(path, { $in: list }) } as DocumentFilter)).toEqual(expected);
      }
    });

    it('matches hostile keys and values verbatim, each only itself', async () => {
      const scope = ctx.scope('json-hostile');
      const keys = [
        ...hostileStrings,
        '',
        '.',
        '$',
        '*',
        '[0]',
        '[*]',
        '$.name',
        '..',
        '"',
        "'",
        '\\',
        'a"b\\"c',
        '\u0001\u001f',
        '\u2028',
        'true',
        '0',
        'constructor',
      ];
      await seed(
        ctx,
        scope,
        Object.fromEntries(keys.map((key, i) => [`k${i}`, { data: { [key]: i, v: key }, list: [key] }])),
      );
      for (const [i, key] of keys.entries()) {
        const label = [`k${i}`];
        expect(await labels(ctx, { scope, ...at([key], { $eq: i }) }), JSON.stringify(key)).toEqual(label);
        expect(await labels(ctx, { scope, ...at([key], { $exists: true }) }), JSON.stringify(key)).toEqual(
          label,
        );
        expect(await labels(ctx, { scope, ...at(['v'], { $eq: key }) }), JSON.stringify(key)).toEqual(label);
        expect(await labels(ctx, { scope, ...at(['v'], { $in: [key] }) }), JSON.stringify(key)).toEqual(
          label,
        );
        expect(
          await labels(ctx, { scope, data: { $contains: { [key]: i, v: key } } }),
          JSON.stringify(key),
        ).toEqual(label);
        expect(await labels(ctx, { scope, list: { $contains: key } }), JSON.stringify(key)).toEqual(label);
      }
      // Nothing was executed: every row is still there.
      expect(await ctx.database().repository(ConformanceDocument).count({ scope })).toBe(keys.length);
    });

    it('tells a dotted key from a nested path, and unicode keys apart (NFC is not NFD)', async () => {
      const scope = ctx.scope('json-keys');
      await seed(ctx, scope, {
        dotted: { data: { 'a.b': 1, é: 1, ключ: 'значение' }, list: null },
        nested: { data: { a: { b: 1 }, 'e\u0301': 1, 鍵: '🎉' }, list: null },
      });
      expect(await labels(ctx, { scope, ...at(['a.b'], { $eq: 1 }) })).toEqual(['dotted']);
      expect(await labels(ctx, { scope, ...at(['a', 'b'], { $eq: 1 }) })).toEqual(['nested']);
      expect(await labels(ctx, { scope, ...at(['é'], { $exists: true }) })).toEqual(['dotted']);
      expect(await labels(ctx, { scope, ...at(['e\u0301'], { $exists: true }) })).toEqual(['nested']);
      expect(await labels(ctx, { scope, ...at(['ключ'], { $eq: 'значение' }) })).toEqual(['dotted']);
      expect(await labels(ctx, { scope, data: { $contains: { 鍵: '🎉' } } })).toEqual(['nested']);
    });

    it('accepts $contains 16 levels deep, and paths of 32 steps', async () => {
      const scope = ctx.scope('json-limits');
      // 31 steps reach the deepest value MariaDB stores (JSON_DEPTH 32: 31 containers and a scalar).
      const path = Array.from({ length: 31 }, (_, i) => (i % 2 ? 0 : 'k'));
      const value = path.reduceRight<unknown>((inner, step) => (step === 0 ? [inner] : { k: inner }), 'end');
      await seed(ctx, scope, { deep: { data: { d: deep(15), k: (value as { k: unknown }).k }, list: null } });
      expect(await labels(ctx, { scope, data: { $contains: { d: deep(15) } } } as DocumentFilter)).toEqual([
        'deep',
      ]);
      expect(await labels(ctx, { scope, data: { $contains: { d: deep(14) } } } as DocumentFilter)).toEqual(
        [],
      );
      expect(await labels(ctx, { scope, ...at(path, { $eq: 'end' }) })).toEqual(['deep']);
      expect(await labels(ctx, { scope, ...at([...path, 'k'], { $exists: false }) })).toEqual(['deep']);
    });

    it.each(invalid)(
      'refuses %s with a ValidationError naming its path',
      async (_label, operators, paths) => {
        const filter = { scope: ctx.scope('json-invalid'), data: operators } as DocumentFilter;
        const error = await expectValidationError(
          ctx.database().repository(ConformanceDocument).find(filter),
        );
        expect(pathsOf(error)).toEqual(paths);
      },
    );

    it('names the path of a JSON filter inside $or, and still refuses ordering by a JSON field', async () => {
      const repository = ctx.database().repository(ConformanceDocument);
      const scope = ctx.scope('json-invalid-nested');
      const inOr = await expectValidationError(
        repository.find({ scope, $or: [{ label: 'x' }, { data: { $eq: [] } }] } as DocumentFilter),
      );
      expect(pathsOf(inOr)).toEqual(['$or.1.data.$eq']);
      const bare = await expectValidationError(repository.find({ scope, data: 'alpha' } as never));
      expect(pathsOf(bare)).toEqual(['data']);
      const ordered = await expectValidationError(
        repository.find({ scope }, { orderBy: { data: 'asc' } } as never),
      );
      expect(pathsOf(ordered)).toEqual(['orderBy.data']);
    });
  });
}
