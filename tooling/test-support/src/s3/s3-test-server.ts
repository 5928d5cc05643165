// The S3 server the integration tests share: what the global setup (./global-setup.ts) prepared
// and hands to tests through vitest's provide/inject, and a raw SDK client on it.
import { Client } from 'minio';
import { inject } from 'vitest';

export interface S3TestServer {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** This run's bucket; tests work under their own prefixes in it. */
  bucket: string;
  /** The same server (same credentials and bucket) over TLS; unset only for a custom S3_ENDPOINT. */
  tls?: S3TlsTestEndpoint;
}

export interface S3TlsTestEndpoint {
  /** https:// URL of the server's TLS listener. */
  endpoint: string;
  /** PEM file of the CA that signed its certificate (what S3_TLS_CA takes). */
  caFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3TestServer: S3TestServer;
  }
}

export function testServer(): S3TestServer {
  return inject('s3TestServer');
}

/** A raw SDK client, for looking behind the store (incomplete uploads, versions). */
export function rawClient(server: S3TestServer = testServer()): Client {
  const url = new URL(server.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    useSSL: url.protocol === 'https:',
    accessKey: server.accessKey,
    secretKey: server.secretKey,
    region: server.region,
    pathStyle: true,
  });
}
