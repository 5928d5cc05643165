// Scratch databases for `stowage backup verify`: created empty, restored into, compared, dropped.
// Only names of this shape may be dropped, so a mistaken argument cannot drop a real database.
import { randomBytes } from 'node:crypto';
import { NotSupportedError } from '@stowage/core';
import type pg from 'pg';
import { quoteIdentifier } from './quote-identifier.ts';

const PREFIX = 'stowage_verify_';
const SCRATCH_NAME = /^stowage_verify_[0-9a-f]{16}$/;

export function scratchName(): string {
  return `${PREFIX}${randomBytes(8).toString('hex')}`;
}

export function checkScratchName(name: string): string {
  if (!SCRATCH_NAME.test(name)) {
    throw NotSupportedError.operation(
      'postgres backup tool',
      `dropping ${JSON.stringify(name)}`,
      `only scratch databases it creates (${PREFIX}<16 hex digits>) can be dropped`,
    );
  }
  return name;
}

/**
 * Creates `name` from template0 (template1 may hold objects an administrator added, which the
 * restore would then collide with), in the encoding and locale of the client's database.
 */
export async function createScratchDatabase(client: pg.Client, name: string): Promise<void> {
  const { rows } = await client.query<{ encoding: string; collate: string; ctype: string }>(
    `select pg_encoding_to_char(encoding) as encoding, datcollate as collate, datctype as ctype
     from pg_catalog.pg_database where datname = current_database()`,
  );
  const source = rows[0];
  const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const locale = source
    ? ` encoding ${literal(source.encoding)} lc_collate ${literal(source.collate)} lc_ctype ${literal(source.ctype)}`
    : '';
  await client.query(`create database ${quoteIdentifier(name)} template template0${locale}`);
}

export async function dropScratchDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`drop database if exists ${quoteIdentifier(checkScratchName(name))} with (force)`);
}
