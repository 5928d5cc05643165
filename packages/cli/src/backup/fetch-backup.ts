// Brings a backup's bytes to a temporary file and checks them against the manifest (size and
// SHA-256) before anything reads them: a corrupt or truncated backup is refused with an
// IntegrityError while the target database is still untouched. An encrypted one is decrypted
// whole into the temporary folder first, for the same reason: a tampered chunk is found there.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ConfigError, IntegrityError } from '@stowage/core';
import type { ByteProgress } from '../output/byte-progress.ts';
import { decryptStream, IDENTITY_VARIABLE } from './backup-encryption.ts';
import type { BackupStore } from './backup-store.ts';
import { DigestStream } from './digest-stream.ts';
import type { BackupManifest } from './manifest.ts';

export interface FetchedBackup {
  /** The dump, decompressed, read from the checked local copy. */
  open(): Readable;
  /** Removes the local copy. */
  dispose(): Promise<void>;
}

export async function fetchBackup(
  store: BackupStore,
  manifest: BackupManifest,
  progress?: ByteProgress,
  /** The age identities to decrypt with, for an encrypted backup. */
  identities?: readonly string[],
): Promise<FetchedBackup> {
  if (manifest.encryption === 'age' && !identities?.length) {
    throw new ConfigError(
      `Backup ${manifest.id} is encrypted (age): set ${IDENTITY_VARIABLE} to a file with its identity`,
      IDENTITY_VARIABLE,
    );
  }
  const folder = await mkdtemp(join(tmpdir(), 'stowage-restore-'));
  const file = join(folder, 'dump.gz');
  const dispose = () => rm(folder, { recursive: true, force: true });
  try {
    const download = await store.openDump(manifest.id);
    const digest = new DigestStream();
    const meter = progress?.meter() ?? new PassThrough();
    await pipeline(download, digest, meter, createWriteStream(file));
    const actual = digest.digest();
    if (digest.bytes !== manifest.size || actual !== manifest.sha256) {
      throw IntegrityError.checksum(`Backup ${manifest.id}`, manifest.sha256, actual, {
        context: { id: manifest.id, size: digest.bytes, expectedSize: manifest.size },
      });
    }
    // Decrypted whole before anything is restored: an identity that does not fit, or a chunk that
    // does not authenticate (age checks each), fails here, with the target untouched.
    if (identities && manifest.encryption === 'age') await decryptInPlace(manifest, folder, file, identities);
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    progress?.stop();
  }
  return {
    open() {
      const gunzip = createGunzip();
      const source = createReadStream(file);
      source.on('error', (error) => gunzip.destroy(error));
      return source.pipe(gunzip);
    },
    dispose,
  };
}

/** Replaces `file` (the age file) with its plaintext (the gzip stream), authenticating every chunk. */
async function decryptInPlace(
  manifest: BackupManifest,
  folder: string,
  file: string,
  identities: readonly string[],
): Promise<void> {
  const encrypted = join(folder, 'dump.gz.age');
  await rename(file, encrypted);
  const plain = await decryptStream(createReadStream(encrypted), identities).catch((cause: unknown) => {
    throw new ConfigError(
      `Backup ${manifest.id} is encrypted (age) and no identity in ${IDENTITY_VARIABLE} decrypts it`,
      IDENTITY_VARIABLE,
      { cause },
    );
  });
  try {
    await pipeline(plain, createWriteStream(file));
  } catch (cause) {
    throw new IntegrityError(
      `Backup ${manifest.id} does not decrypt: its ciphertext was changed after it was made (age authenticates each chunk)`,
      { cause, context: { id: manifest.id } },
    );
  }
  await rm(encrypted, { force: true });
}
