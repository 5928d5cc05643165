// Unbounded strings: `text` on PostgreSQL and SQLite, but `longtext` on MySQL/MariaDB, whose
// `text` stops at 64 KiB and would reject (or, in non-strict mode, cut) longer values.
import { type EntityProperty, type Platform, TextType } from '@mikro-orm/core';
import { BaseMySqlPlatform } from '@mikro-orm/sql';

export class LongTextType extends TextType {
  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform instanceof BaseMySqlPlatform ? 'longtext' : super.getColumnType(prop, platform);
  }
}
