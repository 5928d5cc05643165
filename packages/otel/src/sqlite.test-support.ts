// Scratch SQLite databases (a file in a temporary folder each) for the repository span tests:
// @stowage/otel is not an adapter, so it may use one in its tests.
import { createDatabase } from '@stowage/sqlite';
import { sqliteScratch } from '@stowage/test-support';

export const scratch = sqliteScratch(createDatabase);
