import { describe, expect, it } from 'vitest';
import { secretRedactor } from './secret-redactor.ts';

describe('secretRedactor', () => {
  it('blanks secrets from the environment and the configuration, and URL passwords', () => {
    const redact = secretRedactor(
      { DB_PASSWORD: 'hunter2-db', S3_SECRET_KEY: 's3-secret-value' },
      {
        database: {
          driver: 'postgres',
          host: 'h',
          port: 5432,
          name: 'n',
          user: 'u',
          password: 'from-url-pw',
          ssl: false,
          poolMax: 10,
        },
      },
    );
    const text = redact(
      'auth failed for hunter2-db; key s3-secret-value; url postgres://u:inline-pw@h/n; from-url-pw',
    );
    expect(text).not.toMatch(/hunter2-db|s3-secret-value|inline-pw|from-url-pw/);
    expect(text).toBe('auth failed for ***; key ***; url postgres://u:***@h/n; ***');
  });
});
