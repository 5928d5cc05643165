// Backups in the configured object store (no BACKUP_STORAGE_PATH): PostgreSQL backed up into S3
// (Ceph RGW) under the backup prefix, listed, verified and restored into a fresh database.
import { randomBytes } from 'node:crypto';
import { rawClient, testServer } from '@stowage/test-support/s3';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProject, CONFIG, cliProject } from './cli-project.test-support.ts';
import { type TestDatabase, testDatabase } from './server-databases.test-support.ts';

describe('stowage backup into S3', () => {
  let project: CliProject;
  let database: TestDatabase;
  afterEach(async () => {
    await project?.cleanup();
    await database?.drop();
  });

  it('stores dump and manifest under the prefix, and verifies and restores from there', async () => {
    const server = testServer();
    const prefix = `cli-${randomBytes(4).toString('hex')}/backups/`;
    database = await testDatabase('postgres');
    project = await cliProject(
      {
        DATABASE_URL: database.url,
        OBJECT_STORE_DRIVER: 'minio',
        S3_ENDPOINT: server.endpoint,
        S3_ACCESS_KEY: server.accessKey,
        S3_SECRET_KEY: server.secretKey,
        S3_REGION: server.region,
        S3_PATH_STYLE: 'true',
        OBJECT_STORE_BUCKET: server.bucket,
      },
      CONFIG.replace(
        'defineConfig({ entities: [Author, Book] })',
        `defineConfig({ entities: [Author, Book], backup: { prefix: '${prefix}' } })`,
      ),
    );
    expect((await project.run(['migrate', 'create', 'initial'])).code).toBe(0);
    expect((await project.run(['migrate', 'up'])).code).toBe(0);
    await project.seed(10);

    const created = await project.json<{ id: string; size: number }>(['backup', 'create']);
    expect(created.code, created.stderr).toBe(0);
    const keys: string[] = [];
    for await (const item of rawClient().listObjectsV2(server.bucket, prefix, true)) keys.push(item.name);
    expect(keys.sort()).toEqual([
      `${prefix}${created.data.id}/SHA256SUMS`,
      `${prefix}${created.data.id}/dump.gz`,
      `${prefix}${created.data.id}/manifest.json`,
    ]);
    const human = await project.run(['backup', 'create']);
    expect(human.stdout).toContain(`stored in s3://${server.bucket}/${prefix}`);
    expect(human.stdout + human.stderr).not.toContain(server.secretKey);

    const listed = await project.json<{ id: string }[]>(['backup', 'list']);
    expect(listed.data).toHaveLength(2);
    expect((await project.run(['backup', 'verify', created.data.id])).code).toBe(0);
    const fresh = await database.sibling();
    const restored = await project.run(['backup', 'restore', created.data.id, '--to', fresh]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await project.rows({ DATABASE_URL: database.url.replace(/\/[^/]+$/, `/${fresh}`) })).toEqual(
      await project.rows(),
    );
  });
});
