import { describe, expect, it } from 'vitest';
import { mysqlDialect } from './mysql-dialect.ts';

const error = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.sqlMessage ?? '')), fields);

describe('mysqlDialect', () => {
  it('reads the key, column or foreign key out of MySQL and MariaDB messages', () => {
    expect(
      mysqlDialect.violationDetails(
        error({ sqlMessage: "Duplicate entry 'a-b' for key 'note_scope_title_unique'" }),
      ),
    ).toEqual({
      constraint: 'note_scope_title_unique',
    });
    // MySQL 8 prefixes the table.
    expect(
      mysqlDialect.violationDetails(
        error({ sqlMessage: "Duplicate entry 'x' for key 'note.note_title_unique'" }),
      ),
    ).toEqual({
      constraint: 'note_title_unique',
    });
    expect(mysqlDialect.violationDetails(error({ sqlMessage: "Column 'title' cannot be null" }))).toEqual({
      columns: ['title'],
    });
    expect(
      mysqlDialect.violationDetails(
        error({
          sqlMessage:
            'Cannot add or update a child row: a foreign key constraint fails (`db`.`post`, CONSTRAINT `post_author_id_foreign` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`))',
        }),
      ),
    ).toEqual({ constraint: 'post_author_id_foreign' });
    expect(mysqlDialect.violationDetails(error({ sqlMessage: 'something else' }))).toEqual({});
  });

  it('recognises refused credentials by errno', () => {
    expect(mysqlDialect.isAuthenticationFailure(error({ errno: 1045 }))).toBe(true);
    expect(mysqlDialect.isAuthenticationFailure(error({ errno: 1062 }))).toBe(false);
  });

  it('maps the configuration to connection options, TLS only when asked', () => {
    const base = {
      driver: 'mariadb',
      host: 'db',
      port: 3307,
      name: 'app',
      user: 'u',
      ssl: false,
      poolMax: 7,
    } as const;
    const options = mysqlDialect.ormOptions({ ...base, password: 'pw' });
    expect(options).toMatchObject({
      host: 'db',
      port: 3307,
      dbName: 'app',
      user: 'u',
      password: 'pw',
      pool: { max: 7 },
    });
    expect(options.driverOptions).not.toHaveProperty('ssl');
    expect(mysqlDialect.ormOptions({ ...base, ssl: true }).driverOptions).toMatchObject({
      ssl: { rejectUnauthorized: true },
    });
    expect(mysqlDialect.ormOptions(base)).not.toHaveProperty('password');
    expect(() => mysqlDialect.ormOptions({ driver: 'sqlite', path: ':memory:' })).toThrow(
      /cannot open a sqlite database/,
    );
  });
  it('gives read replicas the same driver options (timeout, TLS) as the primary', () => {
    const options = mysqlDialect.ormOptions({
      driver: 'mariadb',
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
    expect(options.driverOptions).toMatchObject({ connectTimeout: 5000, ssl: { rejectUnauthorized: true } });
  });
});
