import { describe, expect, it } from 'vitest';
import { postgresDialect } from './postgres-dialect.ts';

const error = (fields: Record<string, unknown>) => Object.assign(new Error('driver error'), fields);

describe('postgresDialect', () => {
  it('takes the constraint and column from the properties pg sets', () => {
    expect(postgresDialect.violationDetails(error({ constraint: 'note_scope_title_unique' }))).toEqual({
      constraint: 'note_scope_title_unique',
    });
    expect(postgresDialect.violationDetails(error({ column: 'title' }))).toEqual({ columns: ['title'] });
    expect(postgresDialect.violationDetails(error({}))).toEqual({});
  });

  it('recognises refused credentials by SQLSTATE', () => {
    expect(postgresDialect.isAuthenticationFailure(error({ code: '28P01' }))).toBe(true);
    expect(postgresDialect.isAuthenticationFailure(error({ code: '23505' }))).toBe(false);
  });

  it('maps the configuration to connection options, TLS only when asked', () => {
    const base = {
      driver: 'postgres',
      host: 'db',
      port: 6432,
      name: 'app',
      user: 'u',
      ssl: false,
      poolMax: 3,
    } as const;
    const options = postgresDialect.ormOptions({ ...base, password: 'pw' });
    expect(options).toMatchObject({
      host: 'db',
      port: 6432,
      dbName: 'app',
      user: 'u',
      password: 'pw',
      pool: { max: 3 },
    });
    expect(options.driverOptions).not.toHaveProperty('ssl');
    expect(postgresDialect.ormOptions({ ...base, ssl: true }).driverOptions).toMatchObject({
      ssl: { rejectUnauthorized: true },
    });
    expect(() => postgresDialect.ormOptions({ driver: 'sqlite', path: ':memory:' })).toThrow(
      /cannot open a sqlite database/,
    );
  });
  it('gives read replicas the same driver options (timeout, TLS) as the primary', () => {
    const options = postgresDialect.ormOptions({
      driver: 'postgres',
      host: 'db',
      port: 1,
      name: 'app',
      user: 'u',
      ssl: true,
      poolMax: 3,
      replicas: [{ host: 'r1', port: 2 }],
    });
    expect(options.replicas?.[0]).toMatchObject({ host: 'r1', port: 2, dbName: 'app' });
    expect(options.replicas?.[0]?.driverOptions).toEqual(options.driverOptions);
    expect(options.driverOptions).toMatchObject({
      connectionTimeoutMillis: 5000,
      ssl: { rejectUnauthorized: true },
    });
  });
});
