import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStowageError } from '../errors/stowage-error.ts';
import { assertInsideRoot, localObjectPath, parseLocalEntry } from './local-path-mapping.ts';

const root = path.resolve('/srv/store');

function rejects(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    return isStowageError(e, 'INVALID_KEY');
  }
}

describe('localObjectPath', () => {
  it('gives "a" and "a/b" different paths that do not nest', () => {
    const a = localObjectPath(root, 'a');
    const ab = localObjectPath(root, 'a/b');
    expect(a).toBe(path.join(root, 'a.obj'));
    expect(ab).toBe(path.join(root, 'a.dir', 'b.obj'));
    expect(ab.startsWith(`${a}${path.sep}`)).toBe(false);
  });

  it('keeps names that merely start with dots inside the root', () => {
    expect(localObjectPath(root, '..x')).toBe(path.join(root, '..x.obj'));
    expect(localObjectPath(root, '...')).toBe(path.join(root, '....obj'));
    expect(localObjectPath(root, '.tmp/x')).toBe(path.join(root, '.tmp.dir', 'x.obj'));
  });

  it('never leaves the root, even for keys that skipped validation', () => {
    // ".." segments become "...dir" / "...obj", which are plain names.
    for (const key of ['../x', '../../etc/passwd', 'a/../../b', '..']) {
      const target = localObjectPath(root, key);
      expect(path.relative(root, target).split(path.sep)).not.toContain('..');
    }
  });

  it('rejects segments over 200 bytes with INVALID_KEY', () => {
    expect(rejects(() => localObjectPath(root, `a/${'é'.repeat(101)}`))).toBe(true);
    expect(rejects(() => localObjectPath(root, `a/${'x'.repeat(200)}`))).toBe(false);
  });
});

describe('assertInsideRoot', () => {
  it('rejects the root itself, its parent and absolute escapes', () => {
    expect(rejects(() => assertInsideRoot(root, root, 'k'))).toBe(true);
    expect(rejects(() => assertInsideRoot(root, path.dirname(root), 'k'))).toBe(true);
    expect(rejects(() => assertInsideRoot(root, path.join(root, '..', 'other', 'x'), 'k'))).toBe(true);
    expect(rejects(() => assertInsideRoot(root, path.join(root, '..x'), 'k'))).toBe(false);
  });
});

describe('parseLocalEntry', () => {
  it('reads suffixes back and ignores foreign names', () => {
    expect(parseLocalEntry('a.b.obj', false)).toEqual({ segment: 'a.b', isDirectory: false });
    expect(parseLocalEntry('x.obj.dir', true)).toEqual({ segment: 'x.obj', isDirectory: true });
    expect(parseLocalEntry('.tmp', true)).toBeUndefined();
    expect(parseLocalEntry('a.obj', true)).toBeUndefined();
    expect(parseLocalEntry('.obj', false)).toBeUndefined();
  });
});
