// Resolves a driver name to its adapter package and imports it. Core never imports an adapter
// statically: a missing package is an AdapterNotInstalledError that says what to install.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DRIVERS, type DriverKind } from '../config/drivers.ts';
import { AdapterNotInstalledError, ConfigError } from '../errors/error-classes.ts';
import type { AdapterImporter } from './adapter-module.ts';

/**
 * Imports an adapter by name: from core's own location first (a flat node_modules), then, as
 * pnpm's isolated node_modules lets only the application that installed a package see it, from
 * the entry script's folder and the working directory.
 */
const defaultImporter: AdapterImporter = async (name) => {
  try {
    return await import(name);
  } catch (error) {
    if (!isMissingPackage(error, name)) throw error;
    for (const from of [process.argv[1], join(process.cwd(), 'index.js')]) {
      if (!from) continue;
      let resolved: string;
      try {
        resolved = createRequire(from).resolve(name);
      } catch {
        continue;
      }
      return import(pathToFileURL(resolved).href);
    }
    throw error;
  }
};

export function packageFor(kind: DriverKind, driver: string): string {
  const table: Record<string, string> = DRIVERS[kind];
  const pkg = Object.hasOwn(table, driver) ? table[driver] : undefined;
  if (!pkg) {
    throw new ConfigError(
      `Unknown ${kind} driver ${JSON.stringify(driver)}; known drivers: ${Object.keys(table).join(', ')}`,
      `${kind}.driver`,
    );
  }
  return pkg;
}

/** Imports the adapter for `driver` and checks that it exports `factory`. */
export async function loadAdapter<M>(
  kind: DriverKind,
  driver: string,
  factory: string,
  importer: AdapterImporter = defaultImporter,
): Promise<M> {
  const pkg = packageFor(kind, driver);
  let mod: unknown;
  try {
    mod = await importer(pkg);
  } catch (cause) {
    if (isMissingPackage(cause, pkg)) throw new AdapterNotInstalledError(pkg, driver, { cause });
    throw cause;
  }
  if (typeof (mod as Record<string, unknown> | null)?.[factory] !== 'function') {
    throw new ConfigError(
      `${pkg} does not export ${factory}(); install a version of it that matches @stowage/core`,
      `${kind}.driver`,
    );
  }
  return mod as M;
}

// Only the adapter package itself being absent is "not installed"; a module missing *inside* an
// installed adapter is a real fault and is rethrown as is.
function isMissingPackage(error: unknown, pkg: string): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') &&
    typeof e.message === 'string' &&
    (e.message.includes(`'${pkg}'`) || e.message.includes(`"${pkg}"`))
  );
}
