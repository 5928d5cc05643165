// Strings that break naively built SQL: the injection suite stores and matches them verbatim,
// and the SQL-text check (../sql-text) looks for each of them in every statement text a driver
// was sent, since a value that is formatted into the text never shows up as a bound parameter.
// No NUL: PostgreSQL text cannot hold it. No two differ only in letter case or trailing spaces,
// which some collations compare as equal.
export const hostileStrings: readonly string[] = Object.freeze([
  "'; DROP TABLE conformance_note; --",
  '" OR 1=1 --',
  "%' OR '1'='1",
  "Robert'); DELETE FROM conformance_note WHERE ('1'='1",
  'back\\slash \\\' \\\\ \\" end\\',
  'C:\\temp\\new\\x00',
  '`tick`; SELECT 1; /* comment */ # hash',
  `$1 ? ?? :name @p0 {{x}} \${y}`,
  "'' ''' unbalanced '",
  "line one\nline two\r\n\ttabbed 'quoted'",
  '\\%\\_ escaped wildcards',
  // What array literals and JSON treat specially (PostgreSQL bulk inserts travel as arrays).
  'NULL',
  '{"a","b"},{} (x) [y]',
  'emoji 🎉 ünïcødé ∑',
]);
