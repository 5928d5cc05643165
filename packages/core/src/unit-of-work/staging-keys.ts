// Where put() bodies of a transaction wait for its commit: one folder per transaction under the
// store's staging prefix, named by start time and transaction id, so a sweep can tell the age of
// an abandoned folder from its name and look up its outbox row by the id.

export const DEFAULT_STAGING_PREFIX = '.stowage-staging/';

/** Base-36 milliseconds, padded so folder names sort by time. */
function stamp(ms: number): string {
  return ms.toString(36).padStart(9, '0');
}

export function stagingFolder(prefix: string, transactionId: string, startedAt: number): string {
  return `${prefix}${stamp(startedAt)}-${transactionId}/`;
}

/** The start time and transaction id of a staging folder name, or undefined for anything else. */
export function parseStagingFolder(
  prefix: string,
  folder: string,
): { startedAt: number; transactionId: string } | undefined {
  if (!folder.startsWith(prefix) || !folder.endsWith('/')) return undefined;
  const match = /^([0-9a-z]{9})-([0-9a-f-]{36})\/$/.exec(folder.slice(prefix.length));
  if (!match) return undefined;
  return { startedAt: Number.parseInt(match[1] as string, 36), transactionId: match[2] as string };
}
