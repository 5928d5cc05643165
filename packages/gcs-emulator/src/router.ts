// Maps a request to its handler by method and raw path, and turns thrown errors into the
// responses the real service sends (JSON on the JSON API, XML on the XML-API paths). The JSON API
// answers both under /storage/v1 (the SDK's `apiEndpoint`) and at the root (the SDK takes
// STORAGE_EMULATOR_HOST as the API base without /storage/v1).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.ts';
import { deleteBucket, getBucket, insertBucket, listBuckets, patchBucket } from './bucket-routes.ts';
import type { EmulatorContext } from './context.ts';
import { decodeSegment, type Exchange, fieldSelectionOf, sendError, sendJson } from './exchange.ts';
import { deleteObject, getObject, listObjects, patchObject } from './object-routes.ts';
import { composeObject, copyToObject, moveObject, rewriteObject } from './rewrite-routes.ts';
import { isSignedUrl, verifySignedUrl } from './signed-url.ts';
import { handleSessionCancel, handleSessionRequest, handleUploadPost } from './upload-routes.ts';
import { handleXmlBucket } from './xml-bucket-routes.ts';
import { sendXmlError, XmlError } from './xml-error.ts';
import { handleXmlObject } from './xml-routes.ts';

export interface RouterOptions {
  /** Overrides the scheme://host:port derived from the Host header in links and Location headers. */
  readonly publicUrl?: string | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

type Handler = () => Promise<void>;

const COPY = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)\/(rewriteTo|copyTo)\/b\/([^/]+)\/o\/(.+)$/;
const MOVE = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)\/moveTo\/o\/(.+)$/;
const COMPOSE = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/]+)\/compose$/;
const OBJECT = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/;
const OBJECTS = /^\/storage\/v1\/b\/([^/]+)\/o\/?$/;
const BUCKET = /^\/storage\/v1\/b\/([^/]+)\/?$/;
const BUCKETS = /^\/storage\/v1\/b\/?$/;
const UPLOAD = /^\/upload\/storage\/v1\/b\/([^/]+)\/o\/?$/;
const DOWNLOAD = /^\/download\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/;
const XML_OBJECT = /^\/(?!storage\/|upload\/|download\/)([^/]+)\/(.+)$/;
const XML_BUCKET = /^\/(?!storage\/?$|upload\/?$|download\/?$)([^/]+)\/?$/;
const XML_ROOT = /^\/$/;

interface Route {
  readonly pattern: RegExp;
  /** Returns the handler for this method, or undefined when the path does not take it (405). */
  readonly handle: (context: EmulatorContext, exchange: Exchange, params: string[]) => Handler | undefined;
  /** XML-API routes take no `fields=` and answer errors in XML. */
  readonly xml?: true;
}

const ROUTES: readonly Route[] = [
  {
    pattern: /^\/_internal\/healthcheck$/,
    handle: (_context, exchange) => async () => sendJson(exchange.res, 200, { status: 'ok' }),
  },
  {
    pattern: COPY,
    handle: (
      context,
      exchange,
      [sourceBucket = '', sourceName = '', kind, targetBucket = '', targetName = ''],
    ) => {
      if (exchange.method !== 'POST') return undefined;
      const source = { bucket: sourceBucket, name: sourceName };
      const target = { bucket: targetBucket, name: targetName };
      return kind === 'rewriteTo'
        ? () => rewriteObject(context, exchange, source, target)
        : () => copyToObject(context, exchange, source, target);
    },
  },
  {
    pattern: MOVE,
    handle: (context, exchange, [bucket = '', source = '', target = '']) =>
      exchange.method === 'POST' ? () => moveObject(context, exchange, bucket, source, target) : undefined,
  },
  {
    pattern: COMPOSE,
    handle: (context, exchange, [bucket = '', name = '']) =>
      exchange.method === 'POST' ? () => composeObject(context, exchange, bucket, name) : undefined,
  },
  {
    pattern: OBJECTS,
    handle: (context, exchange, [bucket = '']) =>
      exchange.method === 'GET' ? () => listObjects(context, exchange, bucket) : undefined,
  },
  {
    pattern: OBJECT,
    handle: (context, exchange, [bucket = '', name = '']) => {
      switch (exchange.method) {
        case 'GET':
          return () => getObject(context, exchange, bucket, name);
        case 'PATCH':
          return () => patchObject(context, exchange, bucket, name, false);
        case 'PUT':
          return () => patchObject(context, exchange, bucket, name, true);
        case 'DELETE':
          return () => deleteObject(context, exchange, bucket, name);
        default:
          return undefined;
      }
    },
  },
  {
    pattern: BUCKET,
    handle: (context, exchange, [bucket = '']) => {
      switch (exchange.method) {
        case 'GET':
          return () => getBucket(context, exchange, bucket);
        case 'PATCH':
          return () => patchBucket(context, exchange, bucket, false);
        case 'PUT':
          return () => patchBucket(context, exchange, bucket, true);
        case 'DELETE':
          return () => deleteBucket(context, exchange, bucket);
        default:
          return undefined;
      }
    },
  },
  {
    pattern: BUCKETS,
    handle: (context, exchange) => {
      if (exchange.method === 'GET') return () => listBuckets(context, exchange);
      if (exchange.method === 'POST') return () => insertBucket(context, exchange);
      return undefined;
    },
  },
  {
    pattern: UPLOAD,
    handle: (context, exchange, [bucket = '']) => {
      if (exchange.method === 'POST') return () => handleUploadPost(context, exchange, bucket);
      if (exchange.method === 'PUT') return () => handleSessionRequest(context, exchange, bucket);
      if (exchange.method === 'DELETE') return () => handleSessionCancel(context, exchange, bucket);
      return undefined;
    },
  },
  {
    pattern: DOWNLOAD,
    handle: (context, exchange, [bucket = '', name = '']) =>
      exchange.method === 'GET' || exchange.method === 'HEAD'
        ? () => getObject(context, exchange, bucket, name, true)
        : undefined,
  },
  {
    // XML-API object paths, where signed URLs point.
    pattern: XML_OBJECT,
    xml: true,
    handle:
      (context, exchange, [bucket = '', name = '']) =>
      async () => {
        if (isSignedUrl(exchange.query)) verifySignedUrl(exchange, context.signingKeys);
        await handleXmlObject(context, exchange, bucket, name);
      },
  },
  {
    // XML-API bucket paths: object listing (GET, signed or not) and policy form uploads (POST).
    pattern: XML_BUCKET,
    xml: true,
    handle:
      (context, exchange, [bucket = '']) =>
      () =>
        handleXmlBucket(context, exchange, bucket),
  },
  {
    // A policy form upload to the bare endpoint names its bucket in the form.
    pattern: XML_ROOT,
    xml: true,
    handle: (context, exchange) => () => handleXmlBucket(context, exchange, undefined),
  },
];

/**
 * The path the route table expects. JSON API paths at the root (/b/…, how the SDK calls a
 * STORAGE_EMULATOR_HOST without a path) get their /storage/v1 prefix. Under a base that already
 * ends in /storage/v1 (STORAGE_EMULATOR_HOST=http://host:port/storage/v1) the SDK puts upload,
 * download and policy-form URLs below that prefix: anything there but /b/… loses it. No bucket
 * is named "b" (names have at least 3 characters), so /b/… is never an XML-API path.
 */
export function canonicalPath(rawPath: string): string {
  if (/^\/b(\/|$)/.test(rawPath)) return `/storage/v1${rawPath}`;
  if (/^\/storage\/v1\/(?!b(\/|$))[^/]/.test(rawPath)) return rawPath.slice('/storage/v1'.length);
  return rawPath;
}

function route(context: EmulatorContext, exchange: Exchange): Handler {
  for (const { pattern, handle, xml } of ROUTES) {
    const match = pattern.exec(exchange.rawPath);
    if (match === null) continue;
    const handler = handle(
      context,
      exchange,
      match.slice(1).map((raw) => decodeSegment(raw ?? '')),
    );
    if (handler === undefined) throw new ApiError(405, 'methodNotAllowed', 'Method not allowed.');
    // A malformed fields= selection is refused before anything is changed.
    if (!xml) fieldSelectionOf(exchange);
    return handler;
  }
  throw new ApiError(404, 'notFound', 'Not Found');
}

export function createRequestHandler(
  context: EmulatorContext,
  options: RouterOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const exchange: Exchange = {
      req,
      res,
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath: canonicalPath(queryStart < 0 ? url : url.slice(0, queryStart)),
      query: new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1)),
      baseUrl: options.publicUrl ?? `http://${req.headers.host ?? 'localhost'}`,
    };
    void (async () => {
      try {
        await route(context, exchange)();
      } catch (error) {
        respondWithError(res, error, exchange.method === 'HEAD', options.onError);
      }
    })();
  };
}

function respondWithError(
  res: ServerResponse,
  error: unknown,
  head: boolean,
  onError: ((error: unknown) => void) | undefined,
): void {
  if (res.headersSent || res.writableEnded || res.destroyed || !res.socket || res.socket.destroyed) {
    // The client went away or the body was already streaming: nothing sensible can be sent.
    res.destroy();
    return;
  }
  if (error instanceof XmlError) sendXmlError(res, error, head);
  else if (error instanceof ApiError) sendError(res, error);
  else {
    onError?.(error);
    sendError(res, new ApiError(500, 'backendError', 'Backend Error'));
  }
}
