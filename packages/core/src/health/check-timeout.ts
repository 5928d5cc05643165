// A health check answers in bounded time: a backend that accepts the connection but never replies
// (a paused Redis, a database behind a dropped route) is a failed check after the timeout, not a
// health endpoint or `stowage doctor` that hangs until the backend comes back.
import { UnavailableError } from '../errors/error-classes.ts';

export const DEFAULT_CHECK_TIMEOUT_MS = 1000;

export async function withinTimeout<T>(
  backend: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const pending = work();
  // The probe may still settle after the timeout; its late failure is nobody's to handle.
  pending.catch(() => {});
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(UnavailableError.backend(backend, `did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
