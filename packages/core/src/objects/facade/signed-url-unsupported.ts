// The in-process stores have no HTTP endpoint, so they cannot hand out URLs.
import { NotSupportedError } from '../../errors/error-classes.ts';

export function signedUrlsUnsupported(backend: string): NotSupportedError {
  return NotSupportedError.operation(
    backend,
    'signed URLs',
    'serve the object through your own route with get(), or use the minio or gcs store',
  );
}
