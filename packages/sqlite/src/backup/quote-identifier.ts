// Table names go into SQL quoted, never spliced bare: double quotes, with any double quote inside
// the name doubled, so a name like 'x"; drop table y' stays one identifier.

/** `name` as an SQLite quoted identifier. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
