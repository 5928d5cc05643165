// z.bigint() columns: MikroORM's BigIntType in 'bigint' mode hands out JS bigints. On SQLite,
// better-sqlite3 reads integers as JS numbers, rounding anything past 2^53 before BigIntType sees
// it; selecting the column as text keeps every digit. Writes need nothing: SQLite stores the
// decimal string the type produces as an exact 64-bit integer.
import { BigIntType, type Platform } from '@mikro-orm/core';
import { SqlitePlatform } from '@mikro-orm/sql';

export class ExactBigIntType extends BigIntType<'bigint'> {
  constructor() {
    super('bigint');
  }

  override convertToJSValueSQL(key: string, platform: Platform): string {
    return platform instanceof SqlitePlatform ? `cast(${key} as text)` : key;
  }

  // MikroORM also wraps the column in the cast above inside WHERE clauses. Casting the bound value
  // to integer gives the comparison INTEGER affinity, so SQLite compares numbers, not text
  // ('4611686018427387904' > '9007199254740993' would be false as text).
  override convertToDatabaseValueSQL(key: string, platform: Platform): string {
    return platform instanceof SqlitePlatform ? `cast(${key} as integer)` : key;
  }
}
