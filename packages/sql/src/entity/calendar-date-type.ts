// A z.date() marked as a calendar date: a DATE column holding the UTC day of the Date. MikroORM's
// own DateType hands out "YYYY-MM-DD" strings, but the entity type says Date, so this type turns
// the day into a Date at UTC midnight and back. Drivers return DATE as text (PostgreSQL and
// MySQL/MariaDB as configured by MikroORM, SQLite as stored); a Date is accepted too.
import { type EntityProperty, type Platform, Type } from '@mikro-orm/core';

const DAY = /^\d{4,}-\d{2}-\d{2}/;

export class CalendarDateType extends Type<Date | null | undefined, string | null | undefined> {
  override convertToDatabaseValue(value: Date | string | null | undefined): string | null | undefined {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return value;
  }

  override convertToJSValue(value: Date | string | number | null | undefined): Date | null | undefined {
    if (value === null || value === undefined) return value;
    if (value instanceof Date) return new Date(value.getTime());
    if (typeof value === 'number') return new Date(value);
    const day = DAY.exec(value)?.[0];
    return new Date(day ? `${day}T00:00:00.000Z` : value);
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform.getDateTypeDeclarationSQL(prop.length);
  }

  // Snapshots hold the database form, so an unchanged day never looks dirty.
  override compareAsType(): string {
    return 'string';
  }
}
