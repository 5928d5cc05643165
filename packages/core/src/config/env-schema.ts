// The zod schema over the environment: one entry per variable, each with the form it expects
// (its description), so a bad value becomes a ConfigError that names the variable and the form.
import { z } from 'zod';
import { DRIVERS, type DriverKind } from './drivers.ts';
import { type UrlRule, urlProblem } from './url-rule.ts';

const oneOf = <K extends DriverKind>(kind: K) => {
  const names = Object.keys(DRIVERS[kind]) as [
    keyof (typeof DRIVERS)[K] & string,
    ...(keyof (typeof DRIVERS)[K] & string)[],
  ];
  return z.enum(names).describe(`one of ${names.join(', ')}`);
};

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'require', 'disable'])
  .transform((v) => ['true', '1', 'yes', 'require'].includes(v))
  .describe('true or false (also 1/0, yes/no, require/disable)');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .describe(`an integer from ${min} to ${max}`);

/** A URL variable: a bad value's problem is the issue's message, which never holds the value. */
const url = (rule: UrlRule) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = urlProblem(v, rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(
      `a URL starting with ${[...rule.schemes, ...(rule.pathSchemes ?? [])].map((s) => `${s}:`).join(' or ')}`,
    );

const SERVER_SCHEMES = ['postgres', 'postgresql', 'mysql', 'mariadb'];

/** A comma-separated list of URLs, each following `rule`. */
const urlList = (rule: UrlRule, description: string) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .superRefine((entries, ctx) => {
      if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'no URL' });
      // The first bad entry only: one line per variable.
      const bad = entries.findIndex((entry) => urlProblem(entry, rule) !== undefined);
      if (bad >= 0)
        ctx.addIssue({
          code: 'custom',
          message: `entry ${bad + 1}: ${urlProblem(entries[bad] as string, rule)}`,
        });
    })
    .describe(description);

const text = (what: string) => z.string().min(1).describe(what);

export const envSchema = z.object({
  DB_DRIVER: oneOf('database').optional(),
  DATABASE_URL: url({ schemes: SERVER_SCHEMES, pathSchemes: ['sqlite', 'file'] }).optional(),
  DB_HOST: text('a host name or IP address').optional(),
  DB_PORT: int(1, 65535).optional(),
  DB_NAME: text('a database name (for sqlite: a file path or :memory:)').optional(),
  DB_USER: text('a user name').optional(),
  DB_PASSWORD: z.string().describe('a password').optional(),
  DB_PASSWORD_FILE: text('the path of a file holding the password').optional(),
  DB_SSL: bool.optional(),
  DB_SSL_CA: text('the path of a PEM file with the CA certificate').optional(),
  DB_SSL_REJECT_UNAUTHORIZED: bool.optional(),
  DB_POOL_MAX: int(1, 1000).optional(),
  // The role migrations and backups run as (least privilege: the application's own role only
  // reads and writes rows). Either a URL, or a user (and password) on the database above.
  MIGRATION_DATABASE_URL: url({ schemes: SERVER_SCHEMES, hostOptional: true }).optional(),
  DB_MIGRATION_USER: text('a user name').optional(),
  DB_MIGRATION_PASSWORD: z.string().describe('a password').optional(),
  DB_REPLICA_URLS: urlList(
    // A replica's host may be left out (postgres:///name): it is the primary's.
    { schemes: SERVER_SCHEMES, hostOptional: true },
    'a comma-separated list of URLs of the same scheme as the primary, such as ' +
      'postgres://user:password@replica1:5432/name,postgres://user:password@replica2/name',
  ).optional(),

  CACHE_DRIVER: oneOf('cache').optional(),
  REDIS_URL: url({ schemes: ['redis', 'rediss'] }).optional(),
  REDIS_CLUSTER_NODES: urlList(
    { schemes: ['redis', 'rediss'] },
    "a comma-separated list of a Redis Cluster's root nodes, such as redis://:password@node1:6379,redis://:password@node2:6379",
  ).optional(),
  REDIS_SENTINELS: urlList(
    { schemes: ['redis'] },
    'a comma-separated list of Redis Sentinel URLs, such as redis://:password@sentinel1:26379,redis://sentinel2:26379',
  ).optional(),
  REDIS_SENTINEL_MASTER: text('the name of the master set the sentinels monitor').optional(),
  REDIS_TLS_CA: text('the path of a PEM file with the CA certificate (for rediss:// URLs)').optional(),
  CACHE_NAMESPACE: z
    .string()
    .regex(/^(?!__)[A-Za-z0-9_.-]+(:(?!__)[A-Za-z0-9_.-]+)*$/)
    // Segments starting with "__" are reserved for the cache's own keys (tag versions).
    .describe('letters, digits, _ . - separated by ":", no part starting with "__"')
    .optional(),
  CACHE_TTL_MS: int(1, 2_147_483_647).optional(),
  CACHE_TIMEOUT_MS: int(1, 60_000).optional(),
  CACHE_NEAR: bool.optional(),
  CACHE_NEAR_MAX_ENTRIES: int(1, 100_000_000).optional(),
  CACHE_NEAR_MAX_BYTES: int(1, 2 ** 40).optional(),
  CACHE_NEAR_TTL_MS: int(1, 2_147_483_647).optional(),

  OBJECT_STORE_DRIVER: oneOf('objects').optional(),
  OBJECT_STORE_PATH: text('a folder path').optional(),
  OBJECT_STORE_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/)
    .describe('a bucket name: 3-63 lower-case letters, digits, dots, dashes')
    .optional(),
  S3_ENDPOINT: url({ schemes: ['http', 'https'] }).optional(),
  S3_ACCESS_KEY: text('an access key id').optional(),
  S3_SECRET_KEY: text('a secret access key').optional(),
  S3_REGION: text('a region name such as us-east-1').optional(),
  S3_PATH_STYLE: bool.optional(),
  S3_SESSION_TOKEN: text('the session token of temporary credentials').optional(),
  S3_TLS_CA: text('the path of a PEM file with the CA certificate (for https:// endpoints)').optional(),
  GCS_PROJECT_ID: text('a Google Cloud project id').optional(),
  GCS_API_ENDPOINT: url({ schemes: ['http', 'https'] }).optional(),
  GOOGLE_APPLICATION_CREDENTIALS: text('the path of a service-account key file').optional(),
  GCS_CREDENTIALS: z
    .string()
    .transform((v, ctx) => {
      try {
        const parsed: unknown = JSON.parse(v);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          return parsed as Record<string, unknown>;
      } catch {}
      ctx.addIssue({ code: 'custom', message: 'not a JSON object' });
      return z.NEVER;
    })
    .describe('inline service-account JSON')
    .optional(),

  BACKUP_STORAGE_PATH: text('a folder path').optional(),
});

export type Env = z.output<typeof envSchema>;

/** Variables whose values are secret: never echoed in errors. */
export const SECRET_VARIABLES = new Set([
  'DB_PASSWORD',
  'DB_MIGRATION_PASSWORD',
  'S3_SECRET_KEY',
  'S3_ACCESS_KEY',
  'S3_SESSION_TOKEN',
  'GCS_CREDENTIALS',
]);
/** Variables holding one URL, which may embed a password: shown through shownUrl(). */
export const URL_VARIABLES = new Set([
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'REDIS_URL',
  'S3_ENDPOINT',
  'GCS_API_ENDPOINT',
]);
/** Variables holding comma-separated URLs: each entry shown through shownUrl(). */
export const URL_LIST_VARIABLES = new Set(['DB_REPLICA_URLS', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS']);
