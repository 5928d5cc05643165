// TLS failures become ConfigErrors naming the variable to fix; the driver's error stays the cause.
// (packages/postgres/src/tls.integration.test.ts proves the same against a real TLS server.)
import { type ConfigError, isStowageError } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import type { SqlDialect } from '../dialect/sql-dialect.ts';
import { mapDriverError } from './map-driver-error.ts';

const dialect: SqlDialect = {
  // Not used by error mapping.
  aggregates: {} as never,
  json: {} as never,
  search: {} as never,
  name: 'postgres',
  ormOptions: () => ({}),
  violationDetails: () => ({}),
  sessions: {
    pooled: () => ({ run: () => Promise.reject(new Error('no database in this test')) }),
    begin: () => Promise.reject(new Error('no database in this test')),
  },
  isAuthenticationFailure: (error) => error.code === '28P01' || error.code === '28000',
  withMigrationLock: () => Promise.reject(new Error('no database in this test')),
};

const driverError = (message: string, code: string) => Object.assign(new Error(message), { code });

function configError(error: Error): ConfigError {
  const mapped = mapDriverError(error, dialect);
  expect(isStowageError(mapped, 'CONFIG'), String(mapped)).toBe(true);
  expect(mapped.cause).toBe(error);
  return mapped as ConfigError;
}

describe('mapDriverError on TLS failures', () => {
  it.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
  ])('reports %s as a ConfigError naming DB_SSL_CA', (code) => {
    const error = configError(driverError('unable to verify the first certificate', code));
    expect(error.variable).toBe('DB_SSL_CA');
    expect(error.message).toMatch(/certificate could not be verified \(unable to verify the first/);
    expect(error.message).toContain('set DB_SSL_CA');
  });

  it('reports a certificate for another host name as a ConfigError naming DB_HOST', () => {
    const message =
      "Hostname/IP does not match certificate's altnames: IP: 10.0.0.9 is not in the cert's list";
    const error = configError(driverError(message, 'ERR_TLS_CERT_ALTNAME_INVALID'));
    expect(error.variable).toBe('DB_HOST');
    expect(error.message).toContain('not valid for this host');
  });

  it.each([
    [
      'PostgreSQL',
      'no pg_hba.conf entry for host "127.0.0.1", user "app", database "app", no encryption',
      '28000',
    ],
    [
      'MySQL',
      'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
      'ER_SECURE_TRANSPORT_REQUIRED',
    ],
  ])(
    'reports a %s server refusing plaintext as a ConfigError naming DB_SSL, not the password',
    (_, message, code) => {
      const error = configError(driverError(message, code));
      expect(error.variable).toBe('DB_SSL');
      expect(error.message).toMatch(/requires TLS but DB_SSL is off .*; set DB_SSL=true$/);
    },
  );

  it('still reports a pg_hba.conf refusal over TLS as refused credentials', () => {
    const message = 'no pg_hba.conf entry for host "10.0.0.9", user "app", database "app", SSL encryption';
    expect(configError(driverError(message, '28000')).variable).toBe('DB_PASSWORD');
  });
});
