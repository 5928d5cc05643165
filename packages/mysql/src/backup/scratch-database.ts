// Scratch databases for `stowage backup verify`: a restore goes into one, its checksums are
// compared with the backup's, and it is dropped. Only names this module makes may be dropped.
import { randomBytes } from 'node:crypto';
import { ConfigError, type ServerDatabaseConfig } from '@stowage/core';
import { withConnection } from './open-connection.ts';
import { quoteIdentifier } from './quote-identifier.ts';

const SCRATCH = /^stowage_verify_[0-9a-f]{16}$/;

export async function createScratchDatabase(config: ServerDatabaseConfig): Promise<string> {
  const name = `stowage_verify_${randomBytes(8).toString('hex')}`;
  await withConnection(config, null, (connection) =>
    connection.query(`create database ${quoteIdentifier(name)} character set utf8mb4 collate utf8mb4_bin`),
  );
  return name;
}

export async function dropScratchDatabase(config: ServerDatabaseConfig, name: string): Promise<void> {
  if (!SCRATCH.test(name)) {
    throw new ConfigError(
      `backup: ${JSON.stringify(name)} is not a scratch database (stowage_verify_…); refusing to drop it`,
    );
  }
  await withConnection(config, null, (connection) =>
    connection.query(`drop database if exists ${quoteIdentifier(name)}`),
  );
}
