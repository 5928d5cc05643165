// `stowage backup create` with age encryption, end to end on SQLite, PostgreSQL and MariaDB: the
// stored bytes are an age file (no gzip, no dump, no row inside), verify and restore decrypt with
// BACKUP_AGE_IDENTITY_FILE (old identities kept beside new ones after a rotation), and it fails
// closed — with nobody to encrypt to, or a recipient that is not one, nothing is stored.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliProject } from './cli-project.test-support.ts';
import { driverProject, type TestDatabase } from './server-databases.test-support.ts';

interface Manifest {
  id: string;
  encryption?: string;
  size: number;
}

describe.each(['sqlite', 'postgres', 'mariadb'] as const)('encrypted backups on %s', (driver) => {
  let project: CliProject;
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await project?.cleanup();
    await database?.drop();
    database = undefined;
  });

  it('stores ciphertext only, decrypts on verify and restore across a rotation, and fails closed', {
    timeout: 120_000,
  }, async () => {
    ({ project, database } = await driverProject(driver, { BACKUP_STORAGE_PATH: './backups' }));
    expect((await project.run(['migrate', 'create', 'initial'])).code).toBe(0);
    expect((await project.run(['migrate', 'up'])).code).toBe(0);
    await project.seed(10);
    const [oldKey, newKey] = [await generateIdentity(), await generateIdentity()];
    const [oldRecipient, newRecipient] = [
      await identityToRecipient(oldKey),
      await identityToRecipient(newKey),
    ];
    const stored = async () => readdir(join(project.dir, 'backups')).catch(() => [] as string[]);

    // Fail closed: nothing to encrypt to, or a recipient that is not one — nothing dumped or stored.
    const nobody = await project.run(['backup', 'create', '--encrypt']);
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr).toContain('BACKUP_AGE_RECIPIENTS');
    const bad = await project.run(['backup', 'create'], {
      BACKUP_AGE_RECIPIENTS: `${oldRecipient},age1notarecipient`,
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('entry 2');
    expect(await stored()).toEqual([]);

    const created = await project.json<Manifest>(['backup', 'create'], {
      BACKUP_AGE_RECIPIENTS: oldRecipient,
    });
    expect(created.code, created.stderr).toBe(0);
    expect(created.data.encryption).toBe('age');
    const bytes = await readFile(join(project.dir, 'backups', created.data.id, 'dump.gz'));
    expect(bytes.length).toBe(created.data.size);
    expect(bytes.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(() => gunzipSync(bytes)).toThrow();
    for (const plain of ['PGDMP', 'SQLite format', 'INSERT INTO', 'Zoë', 'DROP TABLE book']) {
      expect(bytes.includes(Buffer.from(plain)), plain).toBe(false);
    }

    // Decrypting needs the identity; the wrong one is refused before any restore.
    const missing = await project.run(['backup', 'verify', created.data.id]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('BACKUP_AGE_IDENTITY_FILE');
    await writeFile(join(project.dir, 'new.key'), `# created now\n${newKey}\n`);
    const wrong = await project.run(['backup', 'verify', created.data.id], {
      BACKUP_AGE_IDENTITY_FILE: 'new.key',
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('no identity');
    expect(wrong.stderr).not.toContain(newKey);

    // After a rotation: new backups to the new key; the file keeps the old identity for old ones.
    await writeFile(join(project.dir, 'keys.txt'), `${newKey}\n${oldKey}\n`);
    const keys = { BACKUP_AGE_IDENTITY_FILE: 'keys.txt', BACKUP_AGE_RECIPIENTS: newRecipient };
    const rotated = await project.json<Manifest>(['backup', 'create'], keys);
    expect(rotated.code, rotated.stderr).toBe(0);
    for (const id of [created.data.id, rotated.data.id]) {
      const verified = await project.run(['backup', 'verify', id], keys);
      expect(verified.code, verified.stderr).toBe(0);
    }
    const before = await project.rows();
    const restored = await project.run(['backup', 'restore', created.data.id, '--force'], keys);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await project.rows()).toEqual(before);
  });
});
