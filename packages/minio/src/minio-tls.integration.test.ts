// https:// endpoints against the real server: Ceph RGW's TLS listener, whose certificate the
// throw-away CA of tooling/s3-server/start-rgw.sh signed. Configured the way applications do it
// (S3_ENDPOINT, S3_TLS_CA through loadConfig and the factory): a round trip verified with the CA,
// every way the certificate cannot be trusted is a ConfigError naming S3_TLS_CA, and the wrong
// scheme for a port fails fast with a typed error instead of hanging.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  type ConfigError,
  createStowage,
  isStowageError,
  type Logger,
  loadConfig,
  type Stowage,
} from '@stowage/core';
import { makeTestCertificates, type TestCertificates } from '@stowage/test-support';
import { expectStowageError } from '@stowage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient, testServer, uniquePrefix } from './s3-test-server.test-support.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const server = testServer();
const tls = server.tls;
/** The plain-http side of the same server, for sending TLS where none is spoken. */
const plainEndpoint = server.endpoint.startsWith('http:') ? server.endpoint : undefined;
/** Far below the store's 30 s request timeout: a mismatch must fail on its own, not time out. */
const FAST_MS = 10_000;

function env(endpoint: string, caFile?: string): Record<string, string> {
  return {
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY: server.accessKey,
    S3_SECRET_KEY: server.secretKey,
    S3_REGION: server.region,
    OBJECT_STORE_BUCKET: server.bucket,
    ...(caFile === undefined ? {} : { S3_TLS_CA: caFile }),
  };
}

async function withStowage<T>(vars: Record<string, string>, work: (s: Stowage) => Promise<T>): Promise<T> {
  const stowage = await createStowage(loadConfig(vars), { logger: quiet });
  try {
    return await work(stowage);
  } finally {
    await stowage.close();
  }
}

/** One request to a signed URL; fetch() cannot be given a CA, node:https can. */
function httpsRequest(
  url: string,
  ca: Buffer,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe.skipIf(!tls)('over TLS (skipped only for a custom S3_ENDPOINT without S3_TLS_TEST_ENDPOINT)', () => {
  // Only reached with tls set (the describe is skipped otherwise).
  const { endpoint, caFile } = tls ?? { endpoint: '', caFile: '' };
  let dir: string;
  let certs: TestCertificates;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stowage-minio-tls-'));
    certs = await makeTestCertificates(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts, gets, lists and signs URLs over https with S3_TLS_CA, through the factory', async () => {
    const ca = await readFile(caFile);
    const prefix = uniquePrefix('tls');
    // Over the 8 MiB part size and unsized: the multipart upload path runs over TLS too.
    const big = randomBytes(9 * 1024 * 1024);
    await withStowage(env(endpoint, caFile), async ({ objects }) => {
      expect(objects.backend).toBe('minio');
      await objects.put(`${prefix}hello.txt`, 'over TLS', { contentType: 'text/plain' });
      await objects.put(
        `${prefix}big.bin`,
        Readable.from([big.subarray(0, 5_000_000), big.subarray(5_000_000)]),
      );
      expect((await objects.getBytes(`${prefix}hello.txt`)).toString()).toBe('over TLS');
      expect((await objects.getBytes(`${prefix}big.bin`)).equals(big)).toBe(true);
      expect(await objects.stat(`${prefix}hello.txt`)).toMatchObject({ size: 8, contentType: 'text/plain' });
      const first = await objects.list({ prefix, pageSize: 1 });
      expect(first.objects.map((o) => o.key)).toEqual([`${prefix}big.bin`]);
      expect(first.cursor).toBeDefined();
      const listed: string[] = [];
      for await (const info of objects.listAll({ prefix })) listed.push(info.key);
      expect(listed).toEqual([`${prefix}big.bin`, `${prefix}hello.txt`]);

      const getUrl = await objects.signedUrl(`${prefix}hello.txt`, { method: 'GET', expiresIn: 60 });
      expect(new URL(getUrl).origin).toBe(new URL(endpoint).origin);
      expect(await httpsRequest(getUrl, ca)).toEqual({ status: 200, body: 'over TLS' });
      const putKey = `${prefix}signed-put.txt`;
      const putUrl = await objects.signedUrl(putKey, {
        method: 'PUT',
        expiresIn: 60,
        contentType: 'text/plain',
      });
      expect(new URL(putUrl).protocol).toBe('https:');
      const put = await httpsRequest(putUrl, ca, {
        method: 'PUT',
        body: 'through a signed URL',
        headers: { 'content-type': 'text/plain' },
      });
      expect(put.status).toBe(200);
      expect((await objects.getBytes(putKey)).toString()).toBe('through a signed URL');

      expect(await objects.deletePrefix(prefix)).toBe(3);
      expect(await objects.exists(`${prefix}hello.txt`)).toBe(false);
    });
  });

  it.skipIf(!plainEndpoint)('writes to the same bucket the plain-http endpoint serves', async () => {
    const key = `${uniquePrefix('tls-same')}x.txt`;
    await withStowage(env(endpoint, caFile), async ({ objects }) => {
      await objects.put(key, 'seen over http');
      const stat = await rawClient(server).statObject(server.bucket, key);
      expect(stat.size).toBe('seen over http'.length);
      await objects.delete(key);
    });
  });

  it('refuses a certificate from a CA it was not given, naming S3_TLS_CA', async () => {
    // No S3_TLS_CA: Node's public roots; an unrelated CA: only that one; a file with no certificate
    // in it: no CA at all.
    const notPem = join(dir, 'not-a-certificate.pem');
    await writeFile(notPem, 'not a certificate\n');
    for (const ca of [undefined, certs.otherCaFile, certs.caFile, notPem]) {
      await withStowage(env(endpoint, ca), async ({ objects }) => {
        const attempts = [
          () => objects.put(`${uniquePrefix('tls-refused')}k`, 'x'),
          () => objects.exists('k'),
        ];
        for (const attempt of attempts) {
          const error = (await expectStowageError(attempt(), 'CONFIG')) as ConfigError;
          expect(error.variable).toBe('S3_TLS_CA');
          expect(error.message).toContain('could not be verified');
          expect(error.message).toContain(new URL(endpoint).origin);
          expect(error.message).toContain('S3_TLS_CA');
        }
      });
    }
  });

  it('reports a CA file that cannot be read, naming S3_TLS_CA', async () => {
    for (const [file, errno] of [
      [join(dir, 'missing.pem'), 'ENOENT'],
      [dir, 'EISDIR'],
    ] as const) {
      const error = (await expectStowageError(
        createStowage(loadConfig(env(endpoint, file)), { logger: quiet }),
        'CONFIG',
      )) as ConfigError;
      expect(error.variable).toBe('S3_TLS_CA');
      expect(error.message).toContain(file);
      expect(error.message).toContain(errno);
    }
  });

  it('fails fast with a typed error when http:// is given for the TLS port', async () => {
    const wrong = endpoint.replace(/^https:/, 'http:');
    await withStowage(env(wrong), async ({ objects }) => {
      const started = performance.now();
      const error = await objects.put(`${uniquePrefix('tls-wrong-scheme')}k`, 'x').catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(FAST_MS);
      expect(isStowageError(error)).toBe(true);
      // The TLS listener hangs up on a plain request: a reset, as from a server that went away.
      expect(isStowageError(error, 'UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toContain(new URL(wrong).origin);
    });
  });

  it.skipIf(!plainEndpoint)(
    'fails fast with a typed error when https:// is given for the plain port',
    async () => {
      const wrong = (plainEndpoint ?? '').replace(/^http:/, 'https:');
      await withStowage(env(wrong, caFile), async ({ objects }) => {
        const started = performance.now();
        const error = await objects.exists(`${randomUUID()}/k`).catch((e: unknown) => e);
        expect(performance.now() - started).toBeLessThan(FAST_MS);
        expect(isStowageError(error)).toBe(true);
        // The server answers the TLS hello in plain HTTP: a setup mistake, named as such.
        expect(isStowageError(error, 'CONFIG')).toBe(true);
        expect((error as { variable?: string }).variable).toBe('S3_ENDPOINT');
        expect((error as Error).message).toMatch(/does not answer TLS/);
      });
    },
  );
});
