// HTML-form (POST policy) uploads: the SDK's generateSignedPostPolicyV4 posted with fetch and
// FormData, and hand-made policies for what the SDK cannot produce (expired, starts-with,
// ${filename}). Conditions and, with a signing key, the RSA signature are checked like the service.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { Bucket, Storage } from '@google-cloud/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, type EmulatorFixture, startFixture } from './emulator.test-support.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const email = 'poster@test-project.iam.gserviceaccount.com';
const credentials = {
  client_email: email,
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

let fixture: EmulatorFixture;
let signer: Storage;
let bucket: Bucket;

beforeAll(async () => {
  fixture = await startFixture({ signingKeys: { [email]: publicKey } });
  signer = clientFor(fixture.emulator.url, { credentials });
  bucket = signer.bucket((await fixture.newBucket()).name);
});
afterAll(() => fixture.close());

function formOf(fields: Record<string, string>, body: string, filename = 'upload.bin'): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([body], { type: 'application/x-file-part' }), filename);
  return form;
}

function post(fields: Record<string, string>, body: string, filename?: string): Promise<Response> {
  return fetch(fixture.emulator.url, { method: 'POST', body: formOf(fields, body, filename) });
}

/** A V4 policy signed by hand, for cases the SDK refuses to produce. */
function handPolicy(conditions: unknown[], expiration: Date, key: string): Record<string, string> {
  const now = new Date();
  const date = `${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
  const fields: Record<string, string> = {
    key,
    'x-goog-algorithm': 'GOOG4-RSA-SHA256',
    'x-goog-credential': `${email}/${date.slice(0, 8)}/auto/storage/goog4_request`,
    'x-goog-date': date,
  };
  const all = [
    { bucket: bucket.name },
    ...conditions,
    ...Object.entries(fields)
      .filter(([name]) => name !== 'key')
      .map(([name, value]) => ({ [name]: value })),
  ];
  const policy = Buffer.from(
    JSON.stringify({ conditions: all, expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z') }),
  ).toString('base64');
  const signature = sign('sha256', Buffer.from(policy), privateKey).toString('hex');
  return { ...fields, policy, 'x-goog-signature': signature };
}

describe('POST policy uploads', () => {
  it('stores a form upload from generateSignedPostPolicyV4 with its metadata (204)', async () => {
    const file = bucket.file('form/LogoToSign.txt');
    const [policy] = await file.generateSignedPostPolicyV4({
      expires: Date.now() + 60_000,
      conditions: [['content-length-range', 0, 50_000]],
      fields: { 'x-goog-meta-test': 'data', 'Content-Type': 'text/plain' },
    });
    // With a custom apiEndpoint the SDK posts to the endpoint itself; the policy names the bucket.
    expect(policy.url).toBe(fixture.emulator.url);
    const response = await fetch(policy.url, { method: 'POST', body: formOf(policy.fields, 'my-content') });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-goog-generation')).toMatch(/^\d+$/);
    expect((await file.download())[0].toString()).toBe('my-content');
    const [metadata] = await file.getMetadata();
    expect(metadata.metadata).toEqual({ test: 'data' });
    expect(metadata.contentType).toBe('text/plain');
  });

  it('answers 201 with a PostResponse, or 303 to success_action_redirect', async () => {
    const [created] = await bucket.file('form/201.txt').generateSignedPostPolicyV4({
      expires: Date.now() + 60_000,
      fields: { success_action_status: '201' },
    });
    const response = await post(created.fields, 'created');
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).toContain(`<Bucket>${bucket.name}</Bucket>`);
    expect(text).toContain('<Key>form/201.txt</Key>');
    const [redirected] = await bucket.file('form/303.txt').generateSignedPostPolicyV4({
      expires: Date.now() + 60_000,
      fields: { success_action_redirect: 'http://example.test/done' },
    });
    const redirect = await fetch(fixture.emulator.url, {
      method: 'POST',
      body: formOf(redirected.fields, 'redirected'),
      redirect: 'manual',
    });
    expect(redirect.status).toBe(303);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://example.test/done');
    expect(location.searchParams.get('key')).toBe('form/303.txt');
    expect((await bucket.file('form/303.txt').download())[0].toString()).toBe('redirected');
  });

  it('refuses a form whose fields break the policy, naming what failed', async () => {
    const file = bucket.file('form/strict.txt');
    const [policy] = await file.generateSignedPostPolicyV4({
      expires: Date.now() + 60_000,
      conditions: [['content-length-range', 0, 10]],
    });
    const tooBig = await post(policy.fields, 'more than ten bytes');
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain('<Code>EntityTooLarge</Code>');
    const otherKey = await post({ ...policy.fields, key: 'form/elsewhere.txt' }, 'x');
    expect(otherKey.status).toBe(400);
    expect(await otherKey.text()).toContain('<Code>InvalidPolicyDocument</Code>');
    const extra = await post({ ...policy.fields, submit: 'Upload' }, 'x');
    expect(extra.status).toBe(400);
    expect(await extra.text()).toContain('Policy did not reference these fields: submit');
    expect((await post({ ...policy.fields, 'x-ignore-submit': 'Upload' }, 'ok')).status).toBe(204);
    expect((await file.download())[0].toString()).toBe('ok');
    expect((await bucket.file('form/elsewhere.txt').exists())[0]).toBe(false);
  });

  it('refuses a tampered policy with 403 SignatureDoesNotMatch', async () => {
    const [policy] = await bucket
      .file('form/signed.txt')
      .generateSignedPostPolicyV4({ expires: Date.now() + 60_000 });
    const decoded = JSON.parse(Buffer.from(policy.fields.policy as string, 'base64').toString('utf8'));
    decoded.conditions.push(['starts-with', '$x-goog-meta-free', '']);
    const forged = Buffer.from(JSON.stringify(decoded)).toString('base64');
    const response = await post({ ...policy.fields, policy: forged, 'x-goog-meta-free': 'x' }, 'forged');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await bucket.file('form/signed.txt').exists())[0]).toBe(false);
  });

  it('checks expiry and starts-with, and expands the filename placeholder in the key', async () => {
    const fields = handPolicy(
      [['starts-with', '$key', 'uploads/']],
      new Date(Date.now() + 60_000),
      `uploads/\${filename}`,
    );
    expect((await post(fields, 'photo bytes', 'photo.jpg')).status).toBe(204);
    expect((await bucket.file('uploads/photo.jpg').download())[0].toString()).toBe('photo bytes');
    const outside = handPolicy(
      [['starts-with', '$key', 'uploads/']],
      new Date(Date.now() + 60_000),
      `other/\${filename}`,
    );
    expect((await post(outside, 'x', 'photo.jpg')).status).toBe(400);
    const expired = handPolicy([['starts-with', '$key', '']], new Date(Date.now() - 1_000), 'late.txt');
    const late = await post(expired, 'late');
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('The policy has expired.');
    expect((await bucket.file('late.txt').exists())[0]).toBe(false);
  });

  it('refuses a form without a file, and a policy for a bucket that does not exist', async () => {
    const [policy] = await bucket
      .file('form/nofile.txt')
      .generateSignedPostPolicyV4({ expires: Date.now() + 60_000 });
    const form = new FormData();
    for (const [name, value] of Object.entries(policy.fields)) form.append(name, value);
    expect((await fetch(fixture.emulator.url, { method: 'POST', body: form })).status).toBe(400);
    const [missing] = await signer
      .bucket('no-such-bucket-for-policy')
      .file('x.txt')
      .generateSignedPostPolicyV4({ expires: Date.now() + 60_000 });
    const response = await post(missing.fields, 'x');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchBucket</Code>');
  });
});
