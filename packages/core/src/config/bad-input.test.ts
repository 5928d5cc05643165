// The careless operator's environment: every URL variable given a distinctive password in every
// malformed shape. Each case is a ConfigError naming the variable, and the password is in none of
// what an application would print of it: message, util.inspect, JSON, a logger's output.
import { format, inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { consoleLogger } from '../contracts/logger.ts';
import type { ConfigError } from '../errors/error-classes.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { loadConfig } from './load-config.ts';

const PW = 'Pw-Distinct-93';

/** What an application would print or ship of `error`, all joined. */
function everythingShownOf(error: Error): string {
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...args) => {
    printed.push(format(...args));
  });
  try {
    consoleLogger.error(error.message, { error });
  } finally {
    spy.mockRestore();
  }
  return [error.message, inspect(error, { depth: Infinity }), JSON.stringify(error), ...printed].join('\n');
}

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isStowageError(error, 'CONFIG')) return error as ConfigError;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
}

/** Malformed values, each with PW where a password would go; `s` is the variable's scheme. */
const shapes = (s: string): [string, string][] => [
  ['no scheme', `app:${PW}@127.0.0.1:5432/db`],
  ['no user, no scheme', `:${PW}@127.0.0.1:6379`],
  ['user:password@host', `user:${PW}@host`],
  ['one slash', `${s}:/app:${PW}@host/db`],
  ['one slash, no user', `${s}:/:${PW}@host:6379`],
  ['no host', `${s}://app:${PW}@/db`],
  ['no host, port only', `${s}://:${PW}@:6379`],
  ['bad port', `${s}://app:${PW}@host:99999/db`],
  ['port not a number', `${s}://app:${PW}@host:port/db`],
  ['space in the host', `${s}://app:${PW}@ho st/db`],
  ['spaces around', ` ${s}://app:${PW}@host/db `],
  ['raw / in the password', `${s}://app:${PW}/x@host/db`],
  ['raw # in the password', `${s}://app:${PW}#x@host/db`],
  ['@ after the host', `${s}://host/db#app:${PW}@x`],
  ['wrong scheme', `ftp://app:${PW}@host/db`],
];

/** Each URL variable, its scheme, and what else it needs so the URL is what fails. */
const variables: [name: string, scheme: string, others: Record<string, string>][] = [
  ['DATABASE_URL', 'postgres', {}],
  ['DB_REPLICA_URLS', 'postgres', { DATABASE_URL: 'postgres://app@primary/db' }],
  ['REDIS_URL', 'redis', {}],
  ['REDIS_CLUSTER_NODES', 'redis', {}],
  ['REDIS_SENTINELS', 'redis', { REDIS_SENTINEL_MASTER: 'main' }],
  ['S3_ENDPOINT', 'http', {}],
  ['GCS_API_ENDPOINT', 'https', {}],
];

const cases = variables.flatMap(([name, scheme, others]) =>
  shapes(scheme)
    // Lists trim their entries, so spaces around one are fine there.
    .filter(([shape]) => !(shape === 'spaces around' && name.endsWith('S')))
    .map(([shape, value]) => ({ name, shape, value, others })),
);

describe('a URL variable with a malformed value', () => {
  it.each(cases)('$name, $shape → ConfigError naming it, password hidden', ({ name, value, others }) => {
    const error = configError({ ...others, [name]: value });
    expect(error.code).toBe('CONFIG');
    expect(error.variable).toBe(name);
    expect(error.message).toMatch(new RegExp(`^${name}: expected `));
    expect(everythingShownOf(error)).not.toContain(PW);
  });

  it.each(variables.filter(([name]) => name.endsWith('S')))(
    '%s: a bad second entry after a good one is named, hidden',
    (name, scheme, others) => {
      const error = configError({ ...others, [name]: `${scheme}://a:${PW}@h1:1,${scheme}:/b:${PW}@h2` });
      expect(error.variable).toBe(name);
      expect(error.message).toContain('entry 2: one slash');
      expect(everythingShownOf(error)).not.toContain(PW);
    },
  );

  it('says what is wrong, and shows a parsed URL with its password blanked', () => {
    expect(configError({ DATABASE_URL: `postgres:/app:${PW}@host/db` }).message).toBe(
      'DATABASE_URL: expected a URL starting with postgres: or postgresql: or mysql: or mariadb: or ' +
        'sqlite: or file: (one slash: write postgres://), got "(not a URL, hidden)"',
    );
    expect(configError({ REDIS_URL: 'redis:///0' }).message).toContain('(no host)');
    expect(configError({ S3_ENDPOINT: `app:${PW}@host` }).message).toContain('(another scheme)');
    expect(configError({ REDIS_URL: `redis://:${PW}@host:99999` }).message).toContain('(not a URL');
    expect(configError({ DATABASE_URL: `mysqlx://app:${PW}@host/db` }).message).toContain(
      'got "mysqlx://app:***@host/db"',
    );
  });
});

describe('well-formed URLs still load', () => {
  it('takes the password out of a percent-encoded userinfo, and a hostless replica', () => {
    const config = loadConfig({
      DATABASE_URL: `postgres://app:${encodeURIComponent(`${PW}/#?@`)}@db:5432/notes`,
      DB_REPLICA_URLS: 'postgres:///notes_ro',
      REDIS_URL: `redis://:${PW}@cache:6379/0`,
    });
    expect(config.database).toMatchObject({ host: 'db', name: 'notes', password: `${PW}/#?@` });
    expect(config.database).toMatchObject({ replicas: [{ host: 'db', name: 'notes_ro' }] });
    expect(config.cache).toMatchObject({ driver: 'redis', url: `redis://:${PW}@cache:6379/0` });
    expect(loadConfig({ DATABASE_URL: 'sqlite:./var/app.db' }).database).toEqual({
      driver: 'sqlite',
      path: './var/app.db',
      nameVariable: 'DATABASE_URL',
    });
  });
});
