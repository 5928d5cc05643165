// Table and database names reach SQL as quoted identifiers, never as raw text: a name such as
// `x"; drop table y;--` stays one identifier.

/** `name` as a PostgreSQL quoted identifier (embedded double quotes doubled). */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new TypeError('An identifier cannot contain a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}
