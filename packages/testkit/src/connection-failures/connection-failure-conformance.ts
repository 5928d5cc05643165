// The connection-failure conformance suite: how a server database reports a connection it cannot
// make (server down, credentials refused, TLS asked of a server without it), written once and run
// by each server driver against its real server. Each case is a typed error an application can act
// on, with no password in its message.
import type { ConfigError, Database, ServerDatabaseConfig } from '@stowage/core';
import { describe, expect, it } from 'vitest';
import { expectStowageError } from '../expect-stowage-error.ts';

export interface ConnectionFailureConformanceOptions {
  /** Shown in the describe() title, e.g. "postgres" or "mariadb". */
  name: string;
  /** A server that accepts `config` as given; each test changes what it needs (port, password, TLS). */
  config: ServerDatabaseConfig;
  /** The driver's createDatabase, with the logger of the caller's choice. */
  createDatabase(config: ServerDatabaseConfig): Database;
  /**
   * The user to present a wrong password for; default `config.user`. A server that trusts local
   * connections (PostgreSQL with `trust` in pg_hba.conf) takes any password, so name a user it
   * does not know.
   */
  refusedUser?: string;
}

/** Passwords the tests connect with, to check that no message repeats them. */
const PASSWORD = 'S3cret-pw';
const WRONG_PASSWORD = 'Wrong-S3cret';
/** A refused connection fails at once: well inside the drivers' 5 s connect timeout, never after retries. */
const REFUSED_WITHIN_MS = 10_000;

/** Registers the suite with vitest; call it at the top level of a test file. */
export function connectionFailureConformance(options: ConnectionFailureConformanceOptions): void {
  const { config } = options;

  /** The rejection of the first connection (register) on `overrides`; the database is closed after. */
  async function connectError(overrides: Partial<ServerDatabaseConfig>, code: 'UNAVAILABLE' | 'CONFIG') {
    const database = options.createDatabase({ ...config, ...overrides });
    try {
      return await expectStowageError(database.register([]), code);
    } finally {
      await database.close();
    }
  }

  describe(`connection failures (${options.name})`, () => {
    it('reports a refused connection as a retryable UnavailableError without the password', async () => {
      const started = Date.now();
      // Port 1 is reserved (tcpmux) and closed: the connection is refused.
      const error = await connectError({ port: 1, password: PASSWORD }, 'UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(REFUSED_WITHIN_MS);
      expect(error.retryable).toBe(true);
      expect(error.message).not.toContain(PASSWORD);
    });

    it('reports refused credentials as a ConfigError naming DB_PASSWORD, without the password', async () => {
      const user = options.refusedUser ?? config.user;
      const error = await connectError({ user, password: WRONG_PASSWORD }, 'CONFIG');
      expect((error as ConfigError).variable).toBe('DB_PASSWORD');
      expect(error.message).not.toContain(WRONG_PASSWORD);
    });

    it('reports DB_SSL=true against a server without TLS as a ConfigError naming DB_SSL', async () => {
      const error = await connectError({ ssl: true }, 'CONFIG');
      expect((error as ConfigError).variable).toBe('DB_SSL');
      expect(error.message).toMatch(/does not support/);
    });
  });
}
