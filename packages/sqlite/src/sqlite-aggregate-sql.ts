// How Sqlite spells what repository.aggregate() needs where databases differ.
import type { AggregateSql } from '@stowage/sql';

export const sqliteAggregateSql: AggregateSql = {};
