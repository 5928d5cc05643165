// A stand-in OpenTelemetry collector for the tests: a node:http server on 127.0.0.1 and a free
// port that answers every request 200 and keeps what it was sent. The OTLP/HTTP trace exporter
// posts JSON (ExportTraceServiceRequest) to /v1/traces; a gzip body is unpacked.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  /** The body as sent, unpacked. */
  readonly body: Buffer;
}

/** One span of a received export: its name and its resource's service.name. */
export interface ReceivedSpan {
  readonly name: string;
  readonly serviceName: string | undefined;
}

export interface OtlpCollector {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: readonly ReceivedRequest[];
  /** Every span of every POST /v1/traces so far. */
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

interface ExportTraceServiceRequest {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { name: string }[] }[];
  }[];
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        body: request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () =>
      requests
        .filter((request) => request.method === 'POST' && request.path === '/v1/traces')
        .flatMap(
          (request) =>
            (JSON.parse(request.body.toString('utf8')) as ExportTraceServiceRequest).resourceSpans ?? [],
        )
        .flatMap((resourceSpans) => {
          const serviceName = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value
            .stringValue;
          return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
            (scope.spans ?? []).map((span) => ({ name: span.name, serviceName })),
          );
        }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
