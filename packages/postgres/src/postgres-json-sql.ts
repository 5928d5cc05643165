// How Postgres spells JSON paths and containment for filters on JSON fields.
import type { JsonSql } from '@stowage/sql';

export const postgresJsonSql: JsonSql = {};
