// A proxy in front of the emulator that can hold a chosen request before forwarding it, so a test
// can make something happen while the SDK waits on that request: a session being created, an
// upload request whose body the service is not reading. Also counts the requests it sees. The
// emulator writes resumable Location headers from the Host header, so session requests come
// through the proxy too.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldRequest {
  /** Resolves once a matching request arrived and is being held. */
  readonly reached: Promise<void>;
  /**
   * Reads and drops the held request's body, and resolves when its client closes it. (A server
   * that does not read cannot see the client's close: it waits behind the unread bytes.)
   */
  whenAbandoned(): Promise<void>;
  /** Forwards the held request (unless its client gave up meanwhile). */
  release(): void;
}

export interface GatedEndpoint {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Holds the next request that `match` accepts. */
  hold(match: (request: IncomingMessage) => boolean): HeldRequest;
  close(): Promise<void>;
}

interface PendingHold {
  match(request: IncomingMessage): boolean;
  arrived(incoming: IncomingMessage): void;
  released: Promise<void>;
}

function forward(incoming: IncomingMessage, answer: ServerResponse, target: string) {
  const upstream = request(
    new URL(incoming.url ?? '/', target),
    { method: incoming.method, headers: incoming.headers },
    (response) => {
      answer.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(answer);
    },
  );
  upstream.on('error', () => answer.destroy());
  // A client that gives up mid-request takes the forwarded request down with it.
  incoming.on('close', () => {
    if (!incoming.complete) upstream.destroy();
  });
  answer.on('close', () => {
    if (!answer.writableFinished) upstream.destroy();
  });
  incoming.pipe(upstream);
}

export async function gatedEndpoint(target: string): Promise<GatedEndpoint> {
  const holds: PendingHold[] = [];
  const releases: (() => void)[] = [];
  let requests = 0;
  const server = createServer(async (incoming, answer) => {
    requests++;
    const index = holds.findIndex((hold) => hold.match(incoming));
    const hold = index >= 0 ? holds.splice(index, 1)[0] : undefined;
    if (hold) {
      hold.arrived(incoming);
      await hold.released;
      if (incoming.destroyed || incoming.readableFlowing) return;
    }
    forward(incoming, answer, target);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    hold(match) {
      let arrived: (incoming: IncomingMessage) => void = () => {};
      let release: () => void = () => {};
      const held = new Promise<IncomingMessage>((resolve) => {
        arrived = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      releases.push(release);
      holds.push({ match, arrived, released });
      return {
        reached: held.then(() => {}),
        async whenAbandoned() {
          const incoming = await held;
          if (incoming.destroyed) return;
          const closed = new Promise<void>((resolve) => incoming.once('close', resolve));
          incoming.resume();
          await closed;
        },
        release,
      };
    },
    async close() {
      for (const release of releases) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
