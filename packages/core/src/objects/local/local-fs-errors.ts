// Turns what the file system throws into typed Stowage errors: the local store's mapError, and
// the guards of its per-key steps. Expected outcomes (a missing object, a create-only put that
// lost) are decided inside the store and arrive here already typed; they pass through. Everything
// else (a full disk, a permission problem, an I/O error, a damaged object file, anything unknown)
// becomes an UnavailableError (transient: a full disk, I/O errors, too many open files) or a
// BackendError (a retry will not help: permissions, a read-only file system, damaged data, a file
// in the way), naming the operation and the object key, never the absolute path, with the
// original error as `cause`. Errors of the caller's own body stream (tagged by tagSourceErrors)
// are rethrown exactly as they were.
import { Readable } from 'node:stream';
import { BackendError, UnavailableError } from '../../errors/error-classes.ts';
import { isStowageError, type StowageError } from '../../errors/stowage-error.ts';
import { SourceFailure } from '../facade/source-failure.ts';
import { CorruptObjectFileError } from './object-trailer.ts';

const BACKEND = 'local-fs';

/** Codes for which a later retry can succeed; everything else is reported as a BackendError. */
const TRANSIENT = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'ENOENT']);

/** Short explanations of the errno codes worth naming; other codes are reported as unexpected. */
const EXPLANATIONS: Readonly<Record<string, string>> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'I/O error',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EBUSY: 'file or directory busy',
  ENOENT: 'a file or directory of the store vanished',
  ENOTDIR: 'a path in the store is not a directory',
  EISDIR: 'a directory is where an object file should be',
  EEXIST: 'a file is in the way',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'path too long',
};

function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The typed error for `error`, met while doing `operation` on `subject` (a quoted key, or e.g.
 * `prefix "a/"`). Stowage errors pass through; everything else becomes an UnavailableError.
 */
export function localFsError(error: unknown, operation: string, subject: string): StowageError {
  if (isStowageError(error)) return error;
  const code = errnoCode(error);
  const context = code ? { errno: code } : {};
  if (error instanceof CorruptObjectFileError) {
    const reason = `${operation} of ${subject}: not a complete Stowage object file (${error.problem})`;
    return BackendError.because(BACKEND, reason, { cause: error, context });
  }
  const problem = code
    ? `${code} ${EXPLANATIONS[code] ?? 'unexpected file-system error'}`
    : 'unexpected error';
  const reason = `${operation} of ${subject}: ${problem}`;
  return code !== undefined && TRANSIENT.has(code)
    ? UnavailableError.backend(BACKEND, reason, { cause: error, context })
    : BackendError.because(BACKEND, reason, { cause: error, context });
}

/** Runs `run`, mapping what it throws with `localFsError` (the caller's body errors excepted). */
export async function guardLocalFs<T>(operation: string, subject: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SourceFailure) throw error.original;
    throw localFsError(error, operation, subject);
  }
}

/**
 * A stream of `body`'s bytes whose read errors (EIO mid-download, say) arrive mapped like the
 * others. Destroying it destroys `body`, which closes the file.
 */
export function guardLocalFsStream(body: Readable, operation: string, subject: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* body;
    } catch (error) {
      throw localFsError(error, operation, subject);
    }
  }
  const guarded = Readable.from(chunks(), { objectMode: false });
  // If it is destroyed before the first read, the generator never started and would not do it.
  guarded.once('close', () => body.destroy());
  return guarded;
}

/** How a key appears in messages; never throws, whatever the caller passed. */
export function quoteKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : `(${typeof key})`;
}
