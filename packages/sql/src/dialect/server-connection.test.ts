import { describe, expect, it } from 'vitest';
import { serverConnectionOptions } from './server-connection.ts';

const primary = {
  driver: 'postgres',
  host: 'db',
  port: 6432,
  name: 'app',
  user: 'u',
  password: 'pw',
  ssl: true,
  poolMax: 3,
} as const;
const driverOptions = { connectTimeout: 5000 };

describe('serverConnectionOptions', () => {
  it('maps the primary, without a password when none is set', () => {
    expect(serverConnectionOptions(primary, driverOptions)).toEqual({
      host: 'db',
      port: 6432,
      dbName: 'app',
      user: 'u',
      password: 'pw',
      pool: { min: 0, max: 3 },
      driverOptions,
    });
    const { password: _, ...withoutPassword } = primary;
    expect(serverConnectionOptions(withoutPassword, driverOptions)).not.toHaveProperty('password');
    expect(serverConnectionOptions({ ...primary, replicas: [] }, driverOptions)).not.toHaveProperty(
      'replicas',
    );
  });

  it("maps each read replica, filling what its URL leaves out from the primary's settings", () => {
    const options = serverConnectionOptions(
      {
        ...primary,
        replicas: [
          { host: 'r1', port: 1111, name: 'app_ro', user: 'ro', password: 'ro-pw' },
          { host: 'r2', port: 2222 },
        ],
      },
      driverOptions,
    );
    expect(options.replicas).toEqual([
      {
        host: 'r1',
        port: 1111,
        dbName: 'app_ro',
        user: 'ro',
        password: 'ro-pw',
        pool: { min: 0, max: 3 },
        driverOptions,
      },
      {
        host: 'r2',
        port: 2222,
        dbName: 'app',
        user: 'u',
        password: 'pw',
        pool: { min: 0, max: 3 },
        driverOptions,
      },
    ]);
  });
});
