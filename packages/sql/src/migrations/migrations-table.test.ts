import { ConfigError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { migrationsTableName } from './migrations-table.ts';

describe('migrationsTableName', () => {
  it('defaults to stowage_migrations and accepts only plain identifiers', () => {
    expect(migrationsTableName(undefined)).toBe('stowage_migrations');
    expect(migrationsTableName('app_migrations')).toBe('app_migrations');
    for (const bad of ['a.b', 'x"; drop', '', '1abc', 'a'.repeat(64), 'x`y']) {
      expect(() => migrationsTableName(bad, 'migrationsTable')).toThrow(ConfigError);
    }
  });
});
