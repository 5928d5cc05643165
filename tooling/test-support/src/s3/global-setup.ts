// vitest globalSetup of the integration project: makes sure an S3 server answers, over http and
// over TLS, and gives the run its own bucket. By default that is Ceph RGW on 127.0.0.1:7480 (http)
// and :7443 (https, certificate signed by the throw-away CA in $CEPH_DIR/tls/ca.pem), started with
// tooling/s3-server/start-rgw.sh when either does not answer (the script restarts an RGW of its own
// that lacks TLS) and stopped afterwards only if this run started it. S3_ENDPOINT / S3_ACCESS_KEY /
// S3_SECRET_KEY / S3_REGION point the tests at another server (MinIO, AWS), and S3_TLS_TEST_ENDPOINT
// with S3_TLS_TEST_CA at its TLS side; a server given that way that does not answer is a failure,
// not a skip.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from 'minio';
import type { TestProject } from 'vitest/node';
import { rawClient, type S3TestServer, type S3TlsTestEndpoint } from './s3-test-server.ts';

const run = promisify(execFile);
const scripts = fileURLToPath(new URL('../../../s3-server/', import.meta.url));

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** True when the endpoint answers over TLS with a certificate the CA file verifies. */
function answersTls({ endpoint, caFile }: S3TlsTestEndpoint): Promise<boolean> {
  let ca: Buffer;
  try {
    ca = readFileSync(caFile);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const req = https.get(endpoint, { ca, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}

/** The server of start-rgw.sh, with the same defaults and variables as the script. */
function localRgw(): { endpoint: string; tls: S3TlsTestEndpoint } {
  const cephDir = process.env.CEPH_DIR || join(process.env.TMPDIR || '/tmp', 'stowage-rgw');
  return {
    endpoint: `http://127.0.0.1:${process.env.RGW_PORT || 7480}`,
    tls: {
      endpoint: `https://127.0.0.1:${process.env.RGW_TLS_PORT || 7443}`,
      caFile: join(cephDir, 'tls', 'ca.pem'),
    },
  };
}

/** The TLS side of a custom S3_ENDPOINT: both variables, or neither. */
function customTls(): S3TlsTestEndpoint | undefined {
  const endpoint = process.env.S3_TLS_TEST_ENDPOINT;
  const caFile = process.env.S3_TLS_TEST_CA;
  if (!endpoint && !caFile) return undefined;
  if (!endpoint || !caFile) throw new Error('set S3_TLS_TEST_ENDPOINT and S3_TLS_TEST_CA together');
  return { endpoint, caFile };
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
  const local = localRgw();
  const tls = custom ? customTls() : local.tls;
  const server: S3TestServer = {
    endpoint: custom ?? local.endpoint,
    accessKey: process.env.S3_ACCESS_KEY ?? 'testaccesskey',
    secretKey: process.env.S3_SECRET_KEY ?? 'testsecretkey12345',
    region: process.env.S3_REGION ?? 'us-east-1',
    bucket: `stowage-test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
    ...(tls ? { tls } : {}),
  };
  let startedHere = false;
  const httpUp = await answers(server.endpoint);
  if (custom) {
    if (!httpUp) throw new Error(`S3_ENDPOINT ${custom} does not answer`);
    if (tls && !(await answersTls(tls))) {
      throw new Error(
        `S3_TLS_TEST_ENDPOINT ${tls.endpoint} does not answer with a certificate S3_TLS_TEST_CA verifies`,
      );
    }
  } else if (!httpUp || !(await answersTls(local.tls))) {
    const t0 = Date.now();
    const { stdout } = await run('bash', [`${scripts}start-rgw.sh`], { timeout: 600_000 });
    // An RGW that answered http before this run (even if the script just restarted it to add TLS)
    // belongs to whoever started it, and so does one a concurrent run started.
    startedHere = !httpUp && !stdout.includes('already answering');
    console.info(`[s3] Ceph RGW started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!(await answersTls(local.tls))) {
      throw new Error(
        `Ceph RGW does not answer over TLS on ${local.tls.endpoint} with a certificate ${local.tls.caFile} ` +
          'verifies, although start-rgw.sh succeeded: run tooling/s3-server/stop-rgw.sh and start-rgw.sh',
      );
    }
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
