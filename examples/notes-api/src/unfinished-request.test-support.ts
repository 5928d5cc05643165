// A request whose body is still being sent when the answer comes: it writes up to `send` bytes and
// never ends the body, so a response proves the server answered without reading the whole body.
import { request } from 'node:http';

export interface EarlyAnswer {
  status: number;
  body: unknown;
  /** Bytes the client had written when the response arrived. */
  written: number;
}

export function sendUnfinished(
  url: string,
  headers: Record<string, string>,
  send: number,
  method = 'POST',
): Promise<EarlyAnswer> {
  const chunk = 64 * 1024;
  return new Promise((resolve, reject) => {
    let written = 0;
    const req = request(url, { method, headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer while the body was unfinished (${written} bytes written)`));
    }, 10_000);
    req.on('response', (res) => {
      const at = written;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => {
        text += part;
      });
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), written: at });
      });
    });
    // The server closing the connection after its answer is expected.
    req.on('error', () => {});
    req.flushHeaders();
    const pump = () => {
      while (written < send) {
        const size = Math.min(chunk, send - written);
        written += size;
        if (!req.write(Buffer.alloc(size, 0x20))) return void req.once('drain', pump);
      }
    };
    pump();
  });
}
