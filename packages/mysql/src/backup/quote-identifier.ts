// Table, column and database names go into SQL quoted, never spliced bare: backticks, with any
// backtick inside the name doubled, so a name like "x`; drop table y" stays one identifier.

/** `name` as a MySQL/MariaDB quoted identifier. */
export const quoteIdentifier = (name: string): string => `\`${name.replaceAll('`', '``')}\``;
