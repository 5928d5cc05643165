// The body of get(): the SDK's read stream behind a Readable of the adapter's own, so that an
// abandoned download never breaks the calls after it.
//
// The SDK, when a download's pipeline ends with an error — as it does when the reader destroys
// the body — destroys the whole HTTP agent the download ran on (file.js, createReadStream's
// onComplete). By default that is the SDK's one keep-alive agent shared by every request, so the
// caller's next put or stat, already on a socket of that agent, failed with ECONNRESET. Downloads
// therefore run off that pool (`forever: false`, as the SDK itself does on Cloud Functions) and
// use Node's global agent, which the SDK then leaves alone. Destroying the body destroys the
// SDK's stream at once, which closes the response and its socket: a half-read response is never
// left on a connection.
import { Readable } from 'node:stream';
import type { CreateReadStreamOptions, File } from '@google-cloud/storage';
import { mapGcsError } from './gcs-errors.ts';

export function downloadBody(file: File, key: string, options: CreateReadStreamOptions): Readable {
  file.interceptors.push({
    request(request) {
      Object.assign(request, { forever: false });
      return request as ReturnType<File['interceptors'][number]['request']>;
    },
  });
  const source = file.createReadStream(options);
  let flowing = false;
  const body = new Readable({
    read() {
      // The SDK sends the request on the first read: a body nobody reads costs no request.
      if (!flowing) {
        flowing = true;
        source.on('data', (chunk: Buffer) => {
          if (!body.push(chunk)) source.pause();
        });
        source.once('end', () => body.push(null));
      }
      source.resume();
    },
    destroy(error, callback) {
      source.destroy();
      callback(error);
    },
  });
  source.on('error', (error) => body.destroy(mapGcsError(error, 'get', key)));
  return body;
}
