// A switch that stops every HTTP request the SDK's resumable upload makes for one File. When
// the upload's stream is destroyed the SDK destroys its inner upload without an error (through
// duplexify), and that upload aborts its in-flight PUT only on an error: the request would stay
// open, waiting for bytes that never come. The SDK merges a File's request interceptors into
// each of its upload requests, and gaxios lets an `adapter` wrap the request it sends; the
// adapter here adds the switch's signal, so a stopped upload's PUT (and any retry the SDK
// schedules after it) ends at once, locally.
import type { File } from '@google-cloud/storage';

type Send = (options: { signal?: AbortSignal }) => Promise<unknown>;

/** Every later resumable-upload request of `file` is aborted once `stop` fires. */
export function stopRequestsOn(file: File, stop: AbortSignal): void {
  const adapter = (request: { signal?: AbortSignal }, send: Send) =>
    send({ ...request, signal: request.signal ? AbortSignal.any([request.signal, stop]) : stop });
  file.interceptors.push({
    request(options) {
      Object.assign(options, { adapter });
      return options as ReturnType<File['interceptors'][number]['request']>;
    },
  });
}
