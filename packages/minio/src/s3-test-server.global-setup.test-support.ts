// vitest globalSetup of the integration project: makes sure an S3 server answers and gives the
// run its own bucket. By default that is Ceph RGW on 127.0.0.1:7480, started with
// tooling/s3-server/start-rgw.sh when it does not answer (and stopped afterwards only if this run
// started it). S3_ENDPOINT / S3_ACCESS_KEY / S3_SECRET_KEY / S3_REGION point the tests at another
// server (MinIO, AWS); a server given that way that does not answer is a failure, not a skip.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from 'minio';
import type { TestProject } from 'vitest/node';
import { rawClient, type S3TestServer } from './s3-test-server.test-support.ts';

const run = promisify(execFile);
const scripts = fileURLToPath(new URL('../../../tooling/s3-server/', import.meta.url));

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function emptyBucket(client: Client, bucket: string): Promise<void> {
  const keys: string[] = [];
  for await (const item of client.listObjectsV2(bucket, '', true)) if (item.name) keys.push(item.name);
  for (let i = 0; i < keys.length; i += 1000) await client.removeObjects(bucket, keys.slice(i, i + 1000));
  for await (const upload of client.listIncompleteUploads(bucket, '', true)) {
    await client.abortMultipartUpload(bucket, upload.key, upload.uploadId);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const custom = process.env.S3_ENDPOINT;
  const server: S3TestServer = {
    endpoint: custom ?? 'http://127.0.0.1:7480',
    accessKey: process.env.S3_ACCESS_KEY ?? 'testaccesskey',
    secretKey: process.env.S3_SECRET_KEY ?? 'testsecretkey12345',
    region: process.env.S3_REGION ?? 'us-east-1',
    bucket: `stowage-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
  };
  let startedHere = false;
  if (!(await answers(server.endpoint))) {
    if (custom) throw new Error(`S3_ENDPOINT ${custom} does not answer`);
    const t0 = Date.now();
    const { stdout } = await run('bash', [`${scripts}start-rgw.sh`], { timeout: 600_000 });
    startedHere = !stdout.includes('already answering');
    console.info(`[s3] Ceph RGW started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const client = rawClient(server);
  await client.makeBucket(server.bucket, server.region);
  project.provide('s3TestServer', server);

  return async () => {
    try {
      await emptyBucket(client, server.bucket);
      await client.removeBucket(server.bucket);
    } catch (error) {
      console.warn(`[s3] could not remove test bucket ${server.bucket}: ${String(error)}`);
    }
    if (startedHere) await run('bash', [`${scripts}stop-rgw.sh`], { timeout: 120_000 });
  };
}
