// One request/response pair with its parsed URL, plus the small helpers every handler needs to
// read bodies and answer with JSON (trimmed to `fields=` for resources).
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ApiError } from './api-error.ts';
import { applyFieldSelection, type FieldSelection, parseFieldSelector } from './field-selector.ts';

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** The path exactly as received, still percent-encoded. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  /** Scheme, host and port used in selfLink, mediaLink and resumable Location headers. */
  readonly baseUrl: string;
}

const JSON_LIMIT = 16 * 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

export function sendError(res: ServerResponse, error: ApiError): void {
  if (error.status === 304) {
    res.writeHead(304);
    res.end();
    return;
  }
  sendJson(res, error.status, error.toBody());
}

export async function readBody(req: IncomingMessage, limit = JSON_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError(413, 'uploadTooLarge', 'The request body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** A JSON object body; an empty body is `{}`. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  return parseJsonObject(body.toString('utf8'));
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw ApiError.parseError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ApiError.parseError();
  return value as Record<string, unknown>;
}

export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw ApiError.invalid(`Invalid URL encoding: ${raw}`);
  }
}

export function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The `fields=` selection of a JSON API request, if any (400 when malformed). */
export function fieldSelectionOf(exchange: Exchange): FieldSelection | undefined {
  const text = exchange.query.get('fields');
  return text === null || text.trim() === '' ? undefined : parseFieldSelector(text);
}

/** Answers with a JSON resource, trimmed to the request's `fields=` selection. */
export function sendResource(
  exchange: Exchange,
  status: number,
  resource: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const selection = fieldSelectionOf(exchange);
  sendJson(
    exchange.res,
    status,
    selection === undefined ? resource : applyFieldSelection(resource, selection),
    headers,
  );
}
