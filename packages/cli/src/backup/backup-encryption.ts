// Backups encrypted with age (age-encryption.org/v1, the `age-encryption` package): the gzip
// stream goes through age on its way to the store, so the store — and anyone who can read it —
// holds ciphertext only; the manifest says `encryption: "age"` and its checksum is of the
// ciphertext. Recipients (public keys, BACKUP_AGE_RECIPIENTS) encrypt; identities (secret keys,
// one per line in BACKUP_AGE_IDENTITY_FILE, old ones kept for old backups) decrypt. Fail closed:
// a bad recipient stops the backup before the dump starts, and nothing unencrypted is stored.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ConfigError } from '@stowage/core';
import { Decrypter, Encrypter } from 'age-encryption';

export const RECIPIENTS_VARIABLE = 'BACKUP_AGE_RECIPIENTS';
export const IDENTITY_VARIABLE = 'BACKUP_AGE_IDENTITY_FILE';

/** The recipients of BACKUP_AGE_RECIPIENTS (comma- or space-separated), each checked by age. */
export function parseRecipients(value: string): string[] {
  const recipients = value.split(/[\s,]+/).filter((entry) => entry !== '');
  if (recipients.length === 0) {
    throw new ConfigError(
      `${RECIPIENTS_VARIABLE}: expected age recipients (age1…), got none`,
      RECIPIENTS_VARIABLE,
    );
  }
  const encrypter = new Encrypter();
  recipients.forEach((recipient, index) => {
    try {
      encrypter.addRecipient(recipient);
    } catch {
      throw new ConfigError(
        `${RECIPIENTS_VARIABLE}: entry ${index + 1} is not an age recipient (expected age1…)`,
        RECIPIENTS_VARIABLE,
      );
    }
  });
  return recipients;
}

/** `source` encrypted to every recipient, as a stream of the age file's bytes. */
export async function encryptStream(source: Readable, recipients: readonly string[]): Promise<Readable> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  const encrypted = await encrypter.encrypt(Readable.toWeb(source) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>);
}

/** The identities of BACKUP_AGE_IDENTITY_FILE: its AGE-SECRET-KEY lines (comments skipped). */
export async function readIdentities(file: string | undefined): Promise<string[]> {
  if (!file) {
    throw new ConfigError(
      `${IDENTITY_VARIABLE}: this backup is encrypted (age); set it to a file with the identity (AGE-SECRET-KEY-…) that decrypts it`,
      IDENTITY_VARIABLE,
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(
      `${IDENTITY_VARIABLE}: expected a readable file, got ${JSON.stringify(file)} (${code})`,
      IDENTITY_VARIABLE,
      {
        cause,
      },
    );
  }
  const identities = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('AGE-SECRET-KEY-'));
  // The file's content is secret: never quoted.
  if (identities.length === 0) {
    throw new ConfigError(
      `${IDENTITY_VARIABLE}: the file holds no age identity (AGE-SECRET-KEY-…)`,
      IDENTITY_VARIABLE,
    );
  }
  return identities;
}

/** `source` (an age file) decrypted with the first identity that fits. */
export async function decryptStream(source: Readable, identities: readonly string[]): Promise<Readable> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  const decrypted = await decrypter.decrypt(Readable.toWeb(source) as ReadableStream<Uint8Array>);
  return Readable.fromWeb(decrypted as unknown as WebReadableStream<Uint8Array>);
}
