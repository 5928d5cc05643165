// Brings a backup's bytes to a temporary file and checks them against the manifest (size and
// SHA-256) before anything reads them: a corrupt or truncated backup is refused with an
// IntegrityError while the target database is still untouched.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
    // Before anything is restored: an identity that does not fit fails here, the target untouched.
    if (identities && manifest.encryption === 'age') {
      const probe = await decryptStream(createReadStream(file), identities).catch((cause: unknown) => {
        throw new ConfigError(
          `Backup ${manifest.id} is encrypted (age) and no identity in ${IDENTITY_VARIABLE} decrypts it`,
          IDENTITY_VARIABLE,
          { cause },
        );
      });
      probe.destroy();
    }
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
      if (!identities || manifest.encryption !== 'age') {
        source.on('error', (error) => gunzip.destroy(error));
        return source.pipe(gunzip);
      }
      decryptStream(source, identities).then(
        (plain) => {
          plain.on('error', (error) => gunzip.destroy(error));
          plain.pipe(gunzip);
        },
        (error: Error) => gunzip.destroy(error),
      );
      return gunzip;
    },
    dispose,
  };
}
