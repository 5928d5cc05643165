// A throwaway TLS-only PostgreSQL for tls.integration.test.ts. The machine's server on :5432 runs
// with ssl=off and must stay that way, so DB_SSL=true is proven against a second cluster of the
// same binaries: its own CA and server certificate, a free port, and a pg_hba.conf that only
// accepts `hostssl` (a plaintext connection is refused). Missing tools fail loudly, never skip.
// Excluded from the build by tsconfig.build.json (*.test-support.ts).
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, makeTestCertificates } from '@stowage/test-support';

const run = promisify(execFile);

/** PostgreSQL 15 as the Debian packages install it; STOWAGE_TEST_PG_BIN points elsewhere. */
const PG_BIN = process.env.STOWAGE_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** initdb refuses to run as root: as root, the cluster belongs to this OS user instead. */
const PG_OS_USER = 'postgres';
/** By absolute path: CI's PATH (/usr/local/bin:/usr/bin:/bin) has no sbin. */
const RUNUSER = '/usr/sbin/runuser';

export interface TlsPostgres {
  port: number;
  /** PEM of the CA that signed the server's certificate. */
  caFile: string;
  /** PEM of an unrelated CA: verifying against it must fail. */
  otherCaFile: string;
  /** How long the start took (certificates, initdb, pg_ctl start), in milliseconds. */
  startMs: number;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Starts the cluster; on a failure halfway it stops what it started and removes the directory. */
export async function startTlsPostgres(): Promise<TlsPostgres> {
  const asRootTools = process.getuid?.() === 0 ? [RUNUSER] : [];
  for (const tool of [join(PG_BIN, 'initdb'), join(PG_BIN, 'pg_ctl'), ...asRootTools]) {
    try {
      accessSync(tool, constants.X_OK);
    } catch {
      throw new Error(`TLS PostgreSQL test: ${tool} is missing (install postgresql-15 and openssl)`);
    }
  }
  const began = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'stowage-tls-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // Runs a PostgreSQL tool as the cluster's owner, from a directory that user may enter.
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run(RUNUSER, ['-u', PG_OS_USER, '--', join(PG_BIN, tool), ...args], { cwd: dir })
      : run(join(PG_BIN, tool), args, { cwd: dir });
  let started = false;
  const stop = async () => {
    if (started) await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    started = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const { caFile, otherCaFile, certFile: cert, keyFile: key } = await makeTestCertificates(dir);
    if (asRoot) {
      const uid = Number((await run('id', ['-u', PG_OS_USER])).stdout);
      const gid = Number((await run('id', ['-g', PG_OS_USER])).stdout);
      await chown(dir, uid, gid);
      await chown(key, uid, gid);
    }
    // PostgreSQL refuses a key file that others can read.
    await chmod(key, 0o600);

    const port = await freePort();
    await pg('initdb', [
      '-D',
      data,
      '--auth=trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    writeFileSync(
      join(data, 'postgresql.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'ssl = on',
        `ssl_cert_file = '${cert}'`,
        `ssl_key_file = '${key}'`,
        'fsync = off',
        '',
      ].join('\n'),
      { flag: 'a' },
    );
    // TLS or nothing: no `host` or `local` lines, so a plaintext connection finds no entry.
    writeFileSync(join(data, 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 trust\n');
    started = true;
    await pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']).catch(
      (error: unknown) => {
        throw new Error(`TLS PostgreSQL did not start: ${String(error)}\n${readLog(dir)}`, { cause: error });
      },
    );
    const startMs = Math.round(performance.now() - began);
    return { port, caFile, otherCaFile, startMs, stop };
  } catch (error) {
    // pg_ctl stop fails when the server never came up; the directory still goes.
    await stop().catch(() => rm(dir, { recursive: true, force: true }));
    throw error;
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8');
  } catch {
    return '(no server log)';
  }
}
