import type { ServerDatabaseConfig } from '@stowage/core';
import { afterEach, describe, expect, it } from 'vitest';
import { dbnameArgument, pgClientEnv } from './pg-client-env.ts';

const config: ServerDatabaseConfig = {
  driver: 'postgres',
  host: 'db.internal',
  port: 6543,
  name: 'app',
  user: 'stowage',
  password: 'hunter2-secret',
  ssl: false,
  poolMax: 5,
};

describe('pgClientEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('passes the connection, password included, through libpq variables only', () => {
    const env = pgClientEnv(config, 'target_db');
    expect(env).toMatchObject({
      PGHOST: 'db.internal',
      PGPORT: '6543',
      PGUSER: 'stowage',
      PGPASSWORD: 'hunter2-secret',
      PGDATABASE: 'target_db',
      PGSSLMODE: 'disable',
    });
    // The one argument the tools get about the connection names the database, nothing else.
    expect(dbnameArgument('target_db')).not.toContain('hunter2');
  });

  it('sets no PGPASSWORD without a password', () => {
    const { password: _, ...withoutPassword } = config;
    expect(pgClientEnv(withoutPassword, 'app')).not.toHaveProperty('PGPASSWORD');
  });

  it("passes none of the parent's variables but PATH, HOME and TMPDIR", () => {
    process.env.PGSERVICE = 'elsewhere';
    process.env.PGPASSWORD = 'ambient';
    process.env.REDIS_URL = 'redis://:redis-secret@cache:6379';
    process.env.S3_SECRET_KEY = 's3-secret';
    process.env.HOME = '/home/app';
    process.env.TMPDIR = '/var/tmp';
    const { password: _, ...withoutPassword } = config;
    const env = pgClientEnv(withoutPassword, 'app');
    expect(Object.keys(env).filter((name) => !name.startsWith('PG'))).toEqual(['PATH', 'HOME', 'TMPDIR']);
    expect(env).toMatchObject({ PATH: process.env.PATH, HOME: '/home/app', TMPDIR: '/var/tmp' });
    expect(env).not.toHaveProperty('PGSERVICE');
    expect(env.PGPASSWORD).toBeUndefined();
    expect(JSON.stringify(env)).not.toMatch(/redis-secret|s3-secret/);
  });

  it('verifies the server certificate and host name by default, with the configured CA', () => {
    expect(pgClientEnv({ ...config, ssl: true, sslCaFile: '/etc/ca.pem' }, 'app')).toMatchObject({
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: '/etc/ca.pem',
    });
    const unverified = pgClientEnv({ ...config, ssl: true, sslRejectUnauthorized: false }, 'app');
    expect(unverified.PGSSLMODE).toBe('require');
    expect(unverified).not.toHaveProperty('PGSSLROOTCERT');
  });
});

describe('dbnameArgument', () => {
  it('quotes the name as a connection-string value, so "=" cannot smuggle in other keywords', () => {
    expect(dbnameArgument('app')).toBe("--dbname=dbname='app'");
    expect(dbnameArgument("host=evil it's\\")).toBe("--dbname=dbname='host=evil it\\'s\\\\'");
  });
});
