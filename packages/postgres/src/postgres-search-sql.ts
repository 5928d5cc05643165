// How PostgreSQL indexes and queries an entity's full-text `search` fields.
import type { SearchSql } from '@stowage/sql';

export const postgresSearchSql: SearchSql = {};
