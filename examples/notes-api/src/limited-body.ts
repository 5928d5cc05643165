// Reads a request body into memory only up to a limit: a Content-Length over it is refused before
// a byte is read, and a body without one (chunked) is counted as it arrives and cancelled at the
// first chunk past the limit, so a 100 MB body costs at most the limit plus one chunk.
import { ApiError } from './api-error.ts';

export const bodyTooLarge = (max: number, variable: string) =>
  new ApiError(413, 'TOO_LARGE', `Request bodies are limited to ${max} bytes (${variable})`);

export async function readLimited(request: Request, max: number, variable: string): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? 0) > max) throw bodyTooLarge(max, variable);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Stop reading: the server drains or closes the rest, it is never kept.
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(max, variable);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
