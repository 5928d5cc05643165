// TLS options for the pg and mysql2 drivers from Stowage's config: verification on by default,
// with the CA read from DB_SSL_CA when given.
import { readFileSync } from 'node:fs';
import { ConfigError, type ServerDatabaseConfig } from '@stowage/core';

export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
}

/** The driver's `ssl` option, or undefined when TLS is off. */
export function tlsOptions(config: ServerDatabaseConfig): TlsOptions | undefined {
  if (!config.ssl) return undefined;
  const options: TlsOptions = { rejectUnauthorized: config.sslRejectUnauthorized ?? true };
  if (config.sslCaFile) {
    try {
      options.ca = readFileSync(config.sslCaFile, 'utf8');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(
        `DB_SSL_CA: expected a readable PEM file, got ${JSON.stringify(config.sslCaFile)} (${code})`,
        'DB_SSL_CA',
        {
          cause,
        },
      );
    }
  }
  return options;
}
