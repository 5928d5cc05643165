// One minio Client per store, plus the raw signed request the store builds every S3 call on.
// The SDK has no request timeout, so its transport is wrapped: a request that gets no connection
// or no response headers (or stalls mid-upload) within timeoutMs is destroyed, and the caller
// gets an UnavailableError instead of a hang. Its own retry is off: it logs to the console and
// turns 5xx answers into untyped errors; callers retry typed UnavailableErrors themselves.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Client } from 'minio';
import type { ResolvedOptions } from './store-options.ts';

/** Thrown by the transport when a request outlives timeoutMs; mapped to UnavailableError. */
export class RequestTimeoutError extends Error {
  readonly code = 'STOWAGE_S3_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export interface S3Request {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** Omitted for bucket-level calls (list, multi-delete). */
  key?: string;
  /** Raw query string, already escaped. */
  query?: string;
  headers?: Record<string, string>;
}

export interface S3Connection {
  readonly client: Client;
  readonly options: ResolvedOptions;
  /** Sends one signed request to the store's bucket; rejects (SDK error) unless the status is expected. */
  send(request: S3Request, payload?: Buffer | string, expected?: number[]): Promise<IncomingMessage>;
  close(): void;
}

function timedTransport(base: typeof http | typeof https, timeoutMs: number) {
  return {
    request(options: http.RequestOptions, callback?: (res: IncomingMessage) => void): http.ClientRequest {
      const req = base.request(options, (res) => {
        // From here the caller paces the body; a slow reader must not count as a dead server.
        req.setTimeout(0);
        callback?.(res);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new RequestTimeoutError(timeoutMs)));
      return req;
    },
  } as Pick<typeof http, 'request'>;
}

export function openConnection(options: ResolvedOptions): S3Connection {
  const base = options.useSSL ? https : http;
  const agent = options.useSSL
    ? new https.Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) })
    : new http.Agent({ keepAlive: true });
  const client = new Client({
    endPoint: options.host,
    port: options.port,
    useSSL: options.useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    region: options.region,
    pathStyle: options.pathStyle,
    transport: timedTransport(base, options.timeoutMs),
    transportAgent: agent,
    retryOptions: { disableRetry: true },
  });
  return {
    client,
    options,
    send(request, payload = '', expected = [200]) {
      return client.makeRequestAsync(
        {
          method: request.method,
          bucketName: options.bucket,
          ...(request.key === undefined ? {} : { objectName: request.key }),
          ...(request.query ? { query: request.query } : {}),
          headers: { ...request.headers },
        },
        // The SDK takes a string's .length as its Content-Length: only bytes are safe.
        typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload,
        expected,
        options.region,
      );
    },
    close() {
      agent.destroy();
    },
  };
}

/** Reads a (small) response body, e.g. XML. */
export async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Lets a response go without reading it, returning its socket to the pool. */
export function discard(res: IncomingMessage): void {
  res.resume();
}
