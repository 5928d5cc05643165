// Reads a manifest file: JSON checked by zod, and its id checked against the folder it sits in
// (a manifest copied into another backup's folder would otherwise vouch for the wrong bytes).
import { IntegrityError } from '@stowage/core';
import { type BackupManifest, manifestSchema } from './manifest.ts';

export function parseManifest(folderId: string, bytes: Buffer): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {}
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const why = issue ? `${issue.path.join('.') || 'whole file'}: ${issue.message}` : 'unreadable';
    throw new IntegrityError(`The manifest of backup ${folderId} is damaged (${why})`, {
      context: { id: folderId, reason: why },
    });
  }
  if (parsed.data.id !== folderId) {
    const why = `it names backup ${JSON.stringify(parsed.data.id)}, not its folder's`;
    throw new IntegrityError(`The manifest of backup ${folderId} is refused: ${why}`, {
      context: { id: folderId, reason: why },
    });
  }
  return parsed.data;
}

/** The short reason a manifest was refused, for listings. */
export function damageReason(error: IntegrityError): string {
  const reason = error.context.reason;
  return typeof reason === 'string' ? reason : error.message;
}

/** `sha256sum -c` input for a backup folder: one "<hex>  <name>" line per file. */
export function sha256sums(files: readonly { name: string; sha256: string }[]): string {
  return files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
}
