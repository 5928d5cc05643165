// The server's own command-line clients do the dumping and restoring: mariadb-dump and mariadb,
// or MySQL's mysqldump and mysql where the MariaDB names are not installed. Which family a binary
// belongs to decides how the defaults file spells its TLS options.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '@stowage/core';

const run = promisify(execFile);

export type ClientFlavor = 'mariadb' | 'mysql';

export interface ClientTool {
  path: string;
  /** The file name, for messages. */
  name: string;
  flavor: ClientFlavor;
}

/** The dump tool, preferred first. */
export const DUMP_TOOLS = ['mariadb-dump', 'mysqldump'] as const;
/** The command-line client a restore pipes the dump into, preferred first. */
export const CLIENT_TOOLS = ['mariadb', 'mysql'] as const;

const found = new Map<string, Promise<ClientTool>>();

/** The first of `names` on PATH, with its flavor; a ConfigError naming them when none is. */
export function findClientTool(names: readonly string[]): Promise<ClientTool> {
  const key = names.join('|');
  let tool = found.get(key);
  if (!tool) {
    tool = locate(names);
    found.set(key, tool);
    // A failed lookup is not remembered: the user may install the client and retry.
    tool.catch(() => found.delete(key));
  }
  return tool;
}

async function locate(names: readonly string[]): Promise<ClientTool> {
  for (const name of names) {
    const path = await onPath(name);
    if (path) return { path, name, flavor: await flavorOf(name, path) };
  }
  throw new ConfigError(
    `backup: none of ${names.join(', ')} is on PATH; install the MariaDB or MySQL client tools`,
    'PATH',
  );
}

async function onPath(name: string): Promise<string | undefined> {
  const suffixes = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    for (const suffix of suffixes) {
      const candidate = join(folder, name + suffix);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; try the next folder.
      }
    }
  }
  return undefined;
}

/** mariadb-* are MariaDB's; mysqldump and mysql may be either (older MariaDB ships those names). */
async function flavorOf(name: string, path: string): Promise<ClientFlavor> {
  if (name.startsWith('mariadb')) return 'mariadb';
  try {
    const { stdout } = await run(path, ['--version']);
    return /mariadb/i.test(stdout) ? 'mariadb' : 'mysql';
  } catch {
    return 'mysql';
  }
}
