// Server-side copies: rewriteTo (done in one call), copyTo, moveTo and compose. Destination
// preconditions come from if*, source ones from ifSource*.
import { ApiError } from './api-error.ts';
import { ChecksumAccumulator } from './checksums.ts';
import type { EmulatorContext } from './context.ts';
import { type Exchange, readJson, sendResource } from './exchange.ts';
import { attributesFromJson, overlayAttributes } from './object-attributes.ts';
import {
  checkWritePreconditions,
  parseInteger,
  parsePreconditions,
  preconditionsFromJson,
} from './preconditions.ts';
import type { ObjectAttributes, ObjectRecord } from './records.ts';
import { objectResource } from './resources.ts';
import { validateObjectName } from './store.ts';

const MAX_COMPOSE_SOURCES = 32;
const MAX_COMPONENTS = 1024;

function copiedAttributes(source: ObjectRecord): ObjectAttributes {
  return {
    contentType: source.contentType,
    cacheControl: source.cacheControl,
    contentDisposition: source.contentDisposition,
    contentEncoding: source.contentEncoding,
    contentLanguage: source.contentLanguage,
    customTime: source.customTime,
    metadata: source.metadata,
  };
}

async function copyObject(
  context: EmulatorContext,
  exchange: Exchange,
  source: { bucket: string; name: string },
  target: { bucket: string; name: string },
): Promise<ObjectRecord> {
  validateObjectName(target.name);
  const body = await readJson(exchange.req);
  const { store } = context;
  const record = store.requireObject(
    source.bucket,
    source.name,
    parseInteger('sourceGeneration', exchange.query.get('sourceGeneration')),
  );
  checkWritePreconditions(record, parsePreconditions(exchange.query, true));
  store.requireBucket(target.bucket);
  const attributes = overlayAttributes(copiedAttributes(record), attributesFromJson(body));
  const blob = await store.duplicate(record.blob);
  return store.commitObject(
    {
      bucket: target.bucket,
      name: target.name,
      attributes,
      blob,
      md5Hash: record.md5Hash,
      crc32c: record.crc32c,
      componentCount: record.componentCount,
    },
    parsePreconditions(exchange.query),
  );
}

export async function rewriteObject(
  context: EmulatorContext,
  exchange: Exchange,
  source: { bucket: string; name: string },
  target: { bucket: string; name: string },
): Promise<void> {
  const record = await copyObject(context, exchange, source, target);
  sendResource(exchange, 200, {
    kind: 'storage#rewriteResponse',
    totalBytesRewritten: String(record.size),
    objectSize: String(record.size),
    done: true,
    resource: objectResource(record, exchange.baseUrl),
  });
}

export async function copyToObject(
  context: EmulatorContext,
  exchange: Exchange,
  source: { bucket: string; name: string },
  target: { bucket: string; name: string },
): Promise<void> {
  const record = await copyObject(context, exchange, source, target);
  sendResource(exchange, 200, objectResource(record, exchange.baseUrl));
}

export async function moveObject(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  sourceName: string,
  targetName: string,
): Promise<void> {
  const source = context.store.requireObject(bucket, sourceName);
  const record = await copyObject(
    context,
    exchange,
    { bucket, name: sourceName },
    { bucket, name: targetName },
  );
  if (sourceName !== targetName) {
    // Deleting the live source (not by generation) keeps it as noncurrent in a versioned bucket.
    await context.store
      .deleteObject(bucket, sourceName, undefined, { ifGenerationMatch: source.generation })
      .catch(() => {});
  }
  sendResource(exchange, 200, objectResource(record, exchange.baseUrl));
}

export async function composeObject(
  context: EmulatorContext,
  exchange: Exchange,
  bucket: string,
  name: string,
): Promise<void> {
  validateObjectName(name);
  const { store } = context;
  const body = await readJson(exchange.req);
  store.requireBucket(bucket);
  const sourceList = body.sourceObjects;
  if (!Array.isArray(sourceList) || sourceList.length === 0)
    throw ApiError.required('Required parameter: sourceObjects');
  if (sourceList.length > MAX_COMPOSE_SOURCES) {
    throw ApiError.invalid(
      `The number of source components provided (${sourceList.length}) exceeds the maximum (${MAX_COMPOSE_SOURCES})`,
    );
  }
  const sources = sourceList.map((entry: unknown) => {
    const source = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof source.name !== 'string' || source.name === '') {
      throw ApiError.required('Required parameter: sourceObjects[].name');
    }
    const generation = parseInteger(
      'generation',
      source.generation === undefined ? undefined : String(source.generation),
    );
    const record = store.requireObject(bucket, source.name, generation);
    checkWritePreconditions(record, preconditionsFromJson(source.objectPreconditions));
    return record;
  });
  const componentCount = sources.reduce((total, source) => total + (source.componentCount ?? 1), 0);
  if (componentCount > MAX_COMPONENTS) {
    throw ApiError.invalid(
      `The number of components in the composed object (${componentCount}) exceeds ${MAX_COMPONENTS}.`,
    );
  }
  const destination = body.destination;
  const attributes = attributesFromJson(
    typeof destination === 'object' && destination !== null ? (destination as Record<string, unknown>) : {},
  );
  // Open every source now: a later overwrite must not change what gets composed.
  const streams = sources.map((source) => source.blob.open(0, source.size));
  const writer = await store.newWriter();
  const hash = new ChecksumAccumulator();
  try {
    for (const stream of streams) {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        await writer.append(chunk);
      }
    }
  } catch (error) {
    for (const stream of streams) stream.destroy();
    await writer.discard();
    throw error;
  }
  const blob = await writer.seal();
  const record = await store.commitObject(
    // The real service reports no MD5 for composite objects; only the CRC32C is recomputed.
    { bucket, name, attributes, blob, md5Hash: undefined, crc32c: hash.digest().crc32c, componentCount },
    parsePreconditions(exchange.query),
  );
  sendResource(exchange, 200, objectResource(record, exchange.baseUrl));
}
