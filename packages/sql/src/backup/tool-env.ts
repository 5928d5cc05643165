// What a dump or restore tool (pg_dump, pg_restore, mariadb-dump, mariadb…) is given of the
// parent's environment: only what a child process needs to run. The parent's other variables are
// secrets the tools have no use for (REDIS_URL, S3_SECRET_KEY…) or would silently change where and
// how they connect (PGSERVICE, PGOPTIONS, MYSQL_HOST, MYSQL_PWD…); each driver adds its own
// connection settings on top. Shared by the PostgreSQL and MySQL/MariaDB backup tools.

/** Finding programs, the home folder and a temp folder. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR'] as const;

/**
 * On Windows a child also needs SYSTEMROOT (without it the socket layer, hence every TCP
 * connection, fails to start), TEMP/TMP (its temp folder) and USERPROFILE/APPDATA (its home and
 * per-user settings, as HOME is elsewhere).
 */
const INHERITED_ON_WINDOWS = ['SYSTEMROOT', 'TEMP', 'TMP', 'USERPROFILE', 'APPDATA'] as const;

/** The variables of `parent` a tool may see: PATH, HOME and TMPDIR (plus Windows' own on win32). */
export function toolEnv(
  parent: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const names = platform === 'win32' ? [...INHERITED, ...INHERITED_ON_WINDOWS] : INHERITED;
  for (const name of names) if (parent[name] !== undefined) env[name] = parent[name];
  return env;
}
