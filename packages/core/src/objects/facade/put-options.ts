// Checks put() options before any I/O and fills in defaults, so every store stores the same
// thing. Values that end up in HTTP headers on remote stores may not hold control characters.
// Metadata names are the set every store keeps unchanged: S3 servers fold case and Ceph RGW
// rewrites "_" to "-", so neither is allowed; the size counts values in their header form.
import type { PutOptions } from '../../contracts/object-store.ts';
import { ValidationError } from '../../errors/error-classes.ts';
import { encodeMetadataValue } from './metadata-value.ts';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

const METADATA_NAME = /^[a-z0-9-]+$/;
/** S3's limit on user metadata (names and values), less what Stowage stores there itself. */
export const MAX_METADATA_BYTES = 2_048 - 64;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface ResolvedPutOptions {
  contentType: string;
  cacheControl: string | undefined;
  metadata: Record<string, string>;
  ifNotExists: boolean;
  signal: AbortSignal | undefined;
}

/** `value` as a string safe for an HTTP header; ValidationError naming `path` otherwise. */
export function headerValue(path: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ValidationError(`${path} must be a string`, [{ path, message: 'expected a string' }]);
  }
  if (CONTROL.test(value)) {
    throw new ValidationError(`${path} contains a control character`, [
      { path, message: 'control characters are not allowed' },
    ]);
  }
  return value;
}

export function resolvePutOptions(options: PutOptions = {}): ResolvedPutOptions {
  const contentType =
    options.contentType === undefined
      ? DEFAULT_CONTENT_TYPE
      : headerValue('contentType', options.contentType);
  if (contentType === '') {
    throw new ValidationError('contentType is empty', [
      { path: 'contentType', message: 'expected a MIME type' },
    ]);
  }
  const cacheControl =
    options.cacheControl === undefined ? undefined : headerValue('cacheControl', options.cacheControl);

  const metadata: Record<string, string> = {};
  let bytes = 0;
  if (options.metadata !== undefined) {
    if (typeof options.metadata !== 'object' || options.metadata === null) {
      throw new ValidationError('metadata must be an object', [
        { path: 'metadata', message: 'expected an object' },
      ]);
    }
    for (const [name, value] of Object.entries(options.metadata)) {
      if (!METADATA_NAME.test(name)) {
        throw new ValidationError(`metadata name ${JSON.stringify(name)} is not lower-case ASCII [a-z0-9-]`, [
          { path: `metadata.${name}`, message: 'names are lower-case ASCII letters, digits and "-"' },
        ]);
      }
      metadata[name] = headerValue(`metadata.${name}`, value);
      bytes += name.length + Buffer.byteLength(encodeMetadataValue(metadata[name]));
    }
    if (bytes > MAX_METADATA_BYTES) {
      throw new ValidationError(
        `metadata is ${bytes} bytes; at most ${MAX_METADATA_BYTES} are kept by every store`,
        [{ path: 'metadata', message: `at most ${MAX_METADATA_BYTES} bytes of names and values` }],
      );
    }
  }
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ValidationError('signal must be an AbortSignal', [
      { path: 'signal', message: 'expected an AbortSignal' },
    ]);
  }
  return { contentType, cacheControl, metadata, ifNotExists: options.ifNotExists === true, signal };
}
