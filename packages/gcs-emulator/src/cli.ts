#!/usr/bin/env node
// stowage-gcs-emulator: runs the emulator until SIGINT/SIGTERM. The first stdout line is the URL
// to use as apiEndpoint (or STORAGE_EMULATOR_HOST), so scripts can start it with --port 0.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { start } from './start.ts';

const USAGE = `Usage: stowage-gcs-emulator [options]

A Google Cloud Storage emulator (JSON API + V4 signed URLs) for tests.

Options:
  -p, --port <port>          TCP port (default 4443; 0 picks a free port)
      --host <host>          interface to listen on (default 127.0.0.1)
  -d, --data <dir>           keep buckets and objects in this folder (default: in memory)
  -b, --bucket <name>        create this bucket at start-up (repeatable)
      --public-url <url>     base URL written into selfLink/mediaLink/upload Location headers
                             (default: taken from each request's Host header)
      --signing-key <file>   service-account JSON (client_email + private_key) whose key verifies
                             V4 signed URLs (repeatable)
  -h, --help                 show this help

The URL is printed on the first line of stdout, e.g. http://127.0.0.1:4443
Use it as new Storage({ apiEndpoint: url, projectId: 'test' }) or STORAGE_EMULATOR_HOST=url.
`;

function fail(message: string): never {
  process.stderr.write(`stowage-gcs-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', short: 'p', default: '4443' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string', short: 'd' },
        bucket: { type: 'string', short: 'b', multiple: true, default: [] },
        'public-url': { type: 'string' },
        'signing-key': { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
}

function readSigningKey(file: string): [string, string] {
  try {
    const account = JSON.parse(readFileSync(file, 'utf8')) as {
      client_email?: unknown;
      private_key?: unknown;
    };
    if (typeof account.client_email !== 'string' || typeof account.private_key !== 'string') {
      fail(`${file} has no client_email/private_key`);
    }
    return [account.client_email, account.private_key];
  } catch (error) {
    return fail(`cannot read signing key ${file}: ${(error as Error).message}`);
  }
}

const values = parse();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port: ${values.port}`);

const emulator = await start({
  port,
  host: values.host,
  storage: values.data ?? 'memory',
  buckets: values.bucket,
  publicUrl: values['public-url'],
  signingKeys: Object.fromEntries(values['signing-key'].map(readSigningKey)),
}).catch((error: unknown) => fail((error as Error).message));

process.stdout.write(`${emulator.url}\n`);
process.stderr.write(
  `stowage-gcs-emulator listening on ${emulator.url} (${values.data ? `data in ${values.data}` : 'in memory'})\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => process.exit(0));
  });
}
