import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStowageError } from '../../errors/stowage-error.ts';
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

  it('keeps the plain name up to 200 bytes and hashes longer segments into a short unique name', () => {
    const plain = 'x'.repeat(200);
    expect(localObjectPath(root, `a/${plain}`)).toBe(path.join(root, 'a.dir', `${plain}.obj`));
    const long = 'é'.repeat(101); // 202 bytes
    const file = localObjectPath(root, `${long}/${long}`);
    const [dir, name] = path.relative(root, file).split(path.sep) as [string, string];
    expect(dir).toMatch(/^(é){50}~[0-9a-f]{64}\.ldir$/);
    expect(name).toMatch(/^(é){50}~[0-9a-f]{64}\.lobj$/);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(170);
    // One character more is another name; the same segment is the same name in any directory.
    expect(localObjectPath(root, `${long}x`)).not.toBe(path.join(root, name));
    expect(localObjectPath(root, long)).toBe(path.join(root, name));
    expect(rejects(() => localObjectPath(root, 'k'.repeat(1024)))).toBe(false);
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
    expect(parseLocalEntry('a.b.obj', false)).toEqual({ kind: 'plain', segment: 'a.b', isDirectory: false });
    expect(parseLocalEntry('x.obj.dir', true)).toEqual({
      kind: 'plain',
      segment: 'x.obj',
      isDirectory: true,
    });
    expect(parseLocalEntry('.tmp', true)).toBeUndefined();
    expect(parseLocalEntry('a.obj', true)).toBeUndefined();
    expect(parseLocalEntry('.obj', false)).toBeUndefined();
    // No segment over 200 bytes is ever stored under its own name.
    expect(parseLocalEntry(`${'x'.repeat(201)}.obj`, false)).toBeUndefined();
  });

  it('tells long names apart from plain ones that look alike', () => {
    const stem = `abc~${'0'.repeat(64)}`;
    expect(parseLocalEntry(`${stem}.lobj`, false)).toEqual({ kind: 'long', stem, isDirectory: false });
    expect(parseLocalEntry(`${stem}.ldir`, true)).toEqual({ kind: 'long', stem, isDirectory: true });
    // A short key may spell a long stem: its name keeps the plain suffix, so it stays plain.
    expect(parseLocalEntry(`${stem}.obj`, false)).toEqual({
      kind: 'plain',
      segment: stem,
      isDirectory: false,
    });
    expect(parseLocalEntry(`${stem}.lobj`, true)).toBeUndefined();
    expect(parseLocalEntry('abc~123.lobj', false)).toBeUndefined();
  });
});
