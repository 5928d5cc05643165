// The app's own settings (Stowage reads its backends' from the same environment): the port and
// the attachment size limit, checked at start-up so a typo fails before anything listens.
import { ConfigError } from '@stowage/core';

export interface AppSettings {
  /** Largest attachment accepted, in bytes; larger uploads get 413 and store nothing. */
  attachmentMaxBytes: number;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw ConfigError.invalid(name, `an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): AppSettings & { port: number } {
  return {
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65_535),
    attachmentMaxBytes: integer(
      env,
      'ATTACHMENT_MAX_BYTES',
      DEFAULT_ATTACHMENT_MAX_BYTES,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
  };
}
