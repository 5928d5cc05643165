// Throwaway TLS material for servers a test starts itself, made with openssl: a CA, a server
// certificate it signed (valid for 127.0.0.1 and localhost, two days), and an unrelated second CA
// that verification must refuse. P-256 keys: fast to make, accepted everywhere.
import { execFile } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = process.env.STOWAGE_TEST_OPENSSL ?? '/usr/bin/openssl';

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** PEM of an unrelated CA. */
  otherCaFile: string;
  certFile: string;
  /** Unencrypted; servers may require mode 0600. */
  keyFile: string;
}

const ecKey = (keyFile: string) => [
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:prime256v1',
  '-nodes',
  '-keyout',
  keyFile,
];

async function makeCa(dir: string, name: string): Promise<string> {
  const pem = join(dir, `${name}.pem`);
  await run(OPENSSL, [
    'req',
    '-x509',
    ...ecKey(join(dir, `${name}.key`)),
    '-out',
    pem,
    '-days',
    '2',
    '-subj',
    `/CN=Stowage test ${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return pem;
}

/** Writes the certificates into `dir` (which must exist). */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  try {
    accessSync(OPENSSL, constants.X_OK);
  } catch {
    throw new Error(`${OPENSSL} is missing: install the openssl package`);
  }
  const caFile = await makeCa(dir, 'ca');
  const otherCaFile = await makeCa(dir, 'other-ca');
  const keyFile = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const certFile = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  await run(OPENSSL, ['req', '-new', ...ecKey(keyFile), '-out', csr, '-subj', '/CN=localhost']);
  writeFileSync(
    ext,
    [
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      'basicConstraints = CA:FALSE',
      'keyUsage = digitalSignature',
      'extendedKeyUsage = serverAuth',
      '',
    ].join('\n'),
  );
  await run(OPENSSL, [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caFile,
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { caFile, otherCaFile, certFile, keyFile };
}
