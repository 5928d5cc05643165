// Checksums a client declares for an upload (X-Goog-Hash, or md5Hash/crc32c in the metadata): the
// service refuses the upload with 400 when the received bytes do not match them.
import { ApiError } from './api-error.ts';
import type { Checksums } from './checksums.ts';

export interface DeclaredChecksums {
  md5Hash?: string | undefined;
  crc32c?: string | undefined;
}

export function checksumsFromHashHeader(value: string | undefined): DeclaredChecksums {
  const declared: DeclaredChecksums = {};
  for (const pair of (value ?? '').split(',')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    const name = pair.slice(0, separator).trim().toLowerCase();
    const hash = pair.slice(separator + 1).trim();
    if (name === 'md5') declared.md5Hash = hash;
    if (name === 'crc32c') declared.crc32c = hash;
  }
  return declared;
}

export function checksumsFromMetadata(body: Record<string, unknown>): DeclaredChecksums {
  return {
    md5Hash: typeof body.md5Hash === 'string' ? body.md5Hash : undefined,
    crc32c: typeof body.crc32c === 'string' ? body.crc32c : undefined,
  };
}

export function verifyDeclaredChecksums(actual: Checksums, ...declared: DeclaredChecksums[]): void {
  for (const { md5Hash, crc32c } of declared) {
    if (md5Hash !== undefined && md5Hash !== actual.md5Hash) {
      throw ApiError.invalid(
        `Provided MD5 hash "${md5Hash}" doesn't match calculated MD5 hash "${actual.md5Hash}".`,
      );
    }
    if (crc32c !== undefined && crc32c !== actual.crc32c) {
      throw ApiError.invalid(
        `Provided CRC32C "${crc32c}" doesn't match calculated CRC32C "${actual.crc32c}".`,
      );
    }
  }
}
