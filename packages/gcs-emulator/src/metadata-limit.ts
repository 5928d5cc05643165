// The service refuses custom metadata whose keys and values together exceed 8 KiB (UTF-8 bytes),
// on every write that sets it: uploads, patch, update, copies and compose.
import { ApiError } from './api-error.ts';

export const CUSTOM_METADATA_LIMIT = 8 * 1024;

export function customMetadataSize(metadata: Readonly<Record<string, string>> | undefined): number {
  let size = 0;
  for (const [key, value] of Object.entries(metadata ?? {}))
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  return size;
}

export function checkCustomMetadataSize(metadata: Readonly<Record<string, string>> | undefined): void {
  const size = customMetadataSize(metadata);
  if (size > CUSTOM_METADATA_LIMIT) {
    throw ApiError.invalid(
      `Custom metadata is ${size} bytes; the total size of custom metadata keys and values may not exceed ${CUSTOM_METADATA_LIMIT} bytes.`,
    );
  }
}
