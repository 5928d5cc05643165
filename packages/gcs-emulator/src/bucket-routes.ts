// /storage/v1/b[/{bucket}]: create, get, list, patch (merge semantics), update (replace) and delete
// buckets, with metageneration preconditions.
import { ApiError } from './api-error.ts';
import { settingsForPatch, settingsForUpdate } from './bucket-settings.ts';
import type { EmulatorContext } from './context.ts';
import { type Exchange, readJson, sendEmpty, sendResource } from './exchange.ts';
import { checkReadPreconditions, parseInteger } from './preconditions.ts';
import { bucketResource } from './resources.ts';

function metagenerationConditions(exchange: Exchange): {
  ifMetagenerationMatch: number | undefined;
  ifMetagenerationNotMatch: number | undefined;
} {
  return {
    ifMetagenerationMatch: parseInteger('ifMetagenerationMatch', exchange.query.get('ifMetagenerationMatch')),
    ifMetagenerationNotMatch: parseInteger(
      'ifMetagenerationNotMatch',
      exchange.query.get('ifMetagenerationNotMatch'),
    ),
  };
}

export async function listBuckets(context: EmulatorContext, exchange: Exchange): Promise<void> {
  const prefix = exchange.query.get('prefix') ?? '';
  const items = context.store
    .listBuckets()
    .filter((bucket) => bucket.name.startsWith(prefix))
    .map((bucket) => bucketResource(bucket, exchange.baseUrl));
  sendResource(
    exchange,
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
    body,
  });
  sendResource(exchange, 200, bucketResource(bucket, exchange.baseUrl));
}

export async function getBucket(context: EmulatorContext, exchange: Exchange, name: string): Promise<void> {
  const bucket = context.store.requireBucket(name);
  // A bucket has no generation: only its metageneration conditions apply (412 / 304 as for reads).
  checkReadPreconditions(
    { generation: 0, metageneration: bucket.metageneration },
    metagenerationConditions(exchange),
  );
  sendResource(exchange, 200, bucketResource(bucket, exchange.baseUrl));
}

/** PATCH merges (null deletes, labels merge per key); PUT replaces every writable field. */
export async function patchBucket(
  context: EmulatorContext,
  exchange: Exchange,
  name: string,
  replace: boolean,
): Promise<void> {
  const body = await readJson(exchange.req);
  const { ifMetagenerationMatch, ifMetagenerationNotMatch } = metagenerationConditions(exchange);
  const bucket = await context.store.updateBucket(
    name,
    ifMetagenerationMatch,
    ifMetagenerationNotMatch,
    (current, now) =>
      replace
        ? settingsForUpdate({ ...current.settings }, body, now)
        : settingsForPatch({ ...current.settings }, body, now),
  );
  sendResource(exchange, 200, bucketResource(bucket, exchange.baseUrl));
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
