// The client tools take the connection settings from a defaults file, never from argv, where any
// user of the machine could read the password in the process list: a 0600 file in a 0700 folder of
// its own, passed as the first argument (--defaults-extra-file must come first) and deleted after.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerDatabaseConfig } from '@stowage/core';
import type { ClientFlavor } from './client-tools.ts';

export interface DefaultsFile {
  /** The tool's first argument. */
  readonly argument: string;
  remove(): Promise<void>;
}

/** Writes the [client] group for `config` and returns the argument that names it. */
export async function writeDefaultsFile(
  config: ServerDatabaseConfig,
  flavor: ClientFlavor,
): Promise<DefaultsFile> {
  const folder = await mkdtemp(join(tmpdir(), 'stowage-mysql-'));
  const path = join(folder, 'client.cnf');
  try {
    await writeFile(path, defaultsFileText(config, flavor), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    argument: `--defaults-extra-file=${path}`,
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

/** The file's text. Values are double-quoted, with the escapes the option-file reader undoes. */
export function defaultsFileText(config: ServerDatabaseConfig, flavor: ClientFlavor): string {
  const lines = [
    '[client]',
    `host=${quote(config.host)}`,
    `port=${config.port}`,
    `user=${quote(config.user)}`,
    // TCP even for "localhost", which the clients would otherwise take as the Unix socket.
    'protocol=TCP',
  ];
  if (config.password !== undefined) lines.push(`password=${quote(config.password)}`);
  lines.push(...tlsLines(config, flavor));
  return `${lines.join('\n')}\n`;
}

/** TLS as the connection pool has it: off, required, or required and verified. */
function tlsLines(config: ServerDatabaseConfig, flavor: ClientFlavor): string[] {
  const verify = config.sslRejectUnauthorized ?? true;
  const ca = config.sslCaFile ? [`ssl-ca=${quote(config.sslCaFile)}`] : [];
  if (flavor === 'mariadb') {
    if (!config.ssl) return ['skip-ssl'];
    return ['ssl', ...ca, verify ? 'ssl-verify-server-cert' : 'skip-ssl-verify-server-cert'];
  }
  if (!config.ssl) return ['ssl-mode=DISABLED'];
  return [`ssl-mode=${verify ? 'VERIFY_IDENTITY' : 'REQUIRED'}`, ...ca];
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function quote(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (character) => ESCAPES[character] ?? character)}"`;
}
