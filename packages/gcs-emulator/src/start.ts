// start(): the programmatic entry point. Opens the store (memory or folder), creates initial buckets
// and serves the API on node:http until close().
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import type { EmulatorContext } from './context.ts';
import { DiskPersistence } from './disk-persistence.ts';
import { MemoryPersistence } from './memory-persistence.ts';
import type { ResumableSession } from './resumable-session.ts';
import { createRequestHandler } from './router.ts';
import { Store } from './store.ts';

export interface StartOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number | undefined;
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string | undefined;
  /** 'memory' (default) or a folder path whose contents survive a restart. */
  readonly storage?: 'memory' | (string & {}) | undefined;
  /** Buckets created at start-up when they do not exist yet. */
  readonly buckets?: readonly string[] | undefined;
  /**
   * Scheme://host[:port] written into selfLink, mediaLink and resumable Location headers.
   * Default: derived from each request's Host header.
   */
  readonly publicUrl?: string | undefined;
  /**
   * Keys that verify V4 signed URLs and POST policies, by the service account's client_email
   * ("*" for any). PEM text (public key, private key or certificate) or a KeyObject. Without a key
   * for a credential the signature is not verified (expiry and shape still are).
   */
  readonly signingKeys?: Readonly<Record<string, string | KeyObject>> | undefined;
  /** Called with unexpected (500) errors; default logs them to stderr. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

export interface RunningEmulator {
  /** Base URL to use as the SDK's apiEndpoint, e.g. http://127.0.0.1:4443 */
  readonly url: string;
  readonly port: number;
  /**
   * Resumable upload sessions neither completed, failed nor cancelled: lets a test assert that a
   * client left no incomplete upload behind.
   */
  openUploads(): number;
  /** Stops accepting requests, drops open connections and waits for pending disk writes. */
  close(): Promise<void>;
}

function toPublicKey(key: string | KeyObject): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  return key.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(key)) : createPublicKey(key);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen(server.address() as AddressInfo);
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function start(options: StartOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const storage = options.storage ?? 'memory';
  const persistence = storage === 'memory' ? new MemoryPersistence() : new DiskPersistence(resolve(storage));
  const store = await Store.open(persistence);
  for (const bucket of options.buckets ?? []) {
    if (store.getBucket(bucket) === undefined) await store.createBucket({ name: bucket });
  }
  const signingKeys = new Map<string, KeyObject>();
  for (const [email, key] of Object.entries(options.signingKeys ?? {}))
    signingKeys.set(email, toPublicKey(key));
  const context: EmulatorContext = { store, sessions: new Map<string, ResumableSession>(), signingKeys };
  const onError = options.onError ?? ((error: unknown) => console.error('[gcs-emulator]', error));
  // Idle keep-alive sockets are closed by the client first (Node's agents after 5 s): a server
  // closing them at the same 5 s races a request sent on one, which then fails with ECONNRESET
  // under load. Google's front ends keep idle connections far longer too.
  const server = createServer(
    { requestTimeout: 0, keepAliveTimeout: 30_000 },
    createRequestHandler(context, { publicUrl: options.publicUrl?.replace(/\/+$/, ''), onError }),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const address = await listen(server, options.port ?? 0, host);
  const connectHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(connectHost)}:${address.port}`,
    port: address.port,
    openUploads: () => [...context.sessions.values()].filter((session) => session.open).length,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          for (const socket of sockets) socket.destroy();
        });
        await store.flush();
      })();
      return closing;
    },
  };
}
