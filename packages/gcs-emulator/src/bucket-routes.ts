// /storage/v1/b[/{bucket}]: enough bucket management for tests to create, inspect and remove buckets.
import { ApiError } from './api-error.ts';
import type { EmulatorContext } from './context.ts';
import { type Exchange, readJson, sendEmpty, sendJson } from './exchange.ts';
import { parseInteger } from './preconditions.ts';
import { bucketResource } from './resources.ts';

function labelsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}

function versioningOf(value: unknown): boolean | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const enabled = (value as Record<string, unknown>).enabled;
  return typeof enabled === 'boolean' ? enabled : undefined;
}

export async function listBuckets(context: EmulatorContext, exchange: Exchange): Promise<void> {
  const prefix = exchange.query.get('prefix') ?? '';
  const items = context.store
    .listBuckets()
    .filter((bucket) => bucket.name.startsWith(prefix))
    .map((bucket) => bucketResource(bucket, exchange.baseUrl));
  sendJson(
    exchange.res,
    200,
    items.length > 0 ? { kind: 'storage#buckets', items } : { kind: 'storage#buckets' },
  );
}

export async function insertBucket(context: EmulatorContext, exchange: Exchange): Promise<void> {
  const body = await readJson(exchange.req);
  if (!exchange.query.get('project')) throw ApiError.required('Required parameter: project');
  const name = body.name;
  if (typeof name !== 'string' || name === '') throw ApiError.required('Required parameter: name');
  const bucket = await context.store.createBucket({
    name,
    location: typeof body.location === 'string' ? body.location : undefined,
    storageClass: typeof body.storageClass === 'string' ? body.storageClass : undefined,
    labels: labelsOf(body.labels),
    versioningEnabled: versioningOf(body.versioning),
  });
  sendJson(exchange.res, 200, bucketResource(bucket, exchange.baseUrl));
}

export async function getBucket(context: EmulatorContext, exchange: Exchange, name: string): Promise<void> {
  sendJson(exchange.res, 200, bucketResource(context.store.requireBucket(name), exchange.baseUrl));
}

export async function patchBucket(context: EmulatorContext, exchange: Exchange, name: string): Promise<void> {
  const body = await readJson(exchange.req);
  const bucket = await context.store.updateBucket(name, (current) => {
    const labels = body.labels === undefined ? current.labels : labelsOf(body.labels);
    const versioningEnabled = versioningOf(body.versioning) ?? current.versioningEnabled;
    return { labels, versioningEnabled };
  });
  sendJson(exchange.res, 200, bucketResource(bucket, exchange.baseUrl));
}

export async function deleteBucket(
  context: EmulatorContext,
  exchange: Exchange,
  name: string,
): Promise<void> {
  await context.store.deleteBucket(
    name,
    parseInteger('ifMetagenerationMatch', exchange.query.get('ifMetagenerationMatch')),
  );
  sendEmpty(exchange.res, 204);
}
