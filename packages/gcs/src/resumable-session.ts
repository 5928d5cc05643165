// The life of one resumable upload session, owned by the adapter rather than left to the SDK:
// the SDK creates a session lazily, once the first byte is written, and reports its URI only
// when the creation answers, so a source failing meanwhile left a session nobody could cancel.
// Here the session is created before any byte is handed to the SDK, its URI is known from then
// on, and every failed or aborted upload cancels it with a DELETE on that URI (the SDK's own
// cancel does the same; the service answers 499). The URI is the session's credential: requests
// to it carry no authorization header.
import type { File, FileMetadata, PreconditionOptions } from '@google-cloud/storage';

/** How long a cancel may take; past it the session is left to expire (after a week). */
const CANCEL_TIMEOUT_MS = 10_000;

/** Starts a session for `file` with the object's attributes; resolves with its URI. */
export async function openSession(
  file: File,
  metadata: FileMetadata,
  preconditionOpts: PreconditionOptions | undefined,
): Promise<string> {
  const [uri] = await file.createResumableUpload({
    metadata,
    ...(preconditionOpts ? { preconditionOpts } : {}),
  });
  return uri;
}

/**
 * Cancels the session at `uri`, so nothing of the upload remains. Best effort: the caller is
 * already reporting the upload's own failure, and an uncancelled session expires on its own.
 */
export async function cancelSession(uri: string): Promise<void> {
  try {
    const response = await fetch(uri, {
      method: 'DELETE',
      headers: { 'content-length': '0' },
      signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS),
    });
    await response.body?.cancel();
  } catch {
    // Unreachable service or timeout: see above.
  }
}
