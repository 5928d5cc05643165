import { describe, expect, it } from 'vitest';
import { configSecrets, secretRedactor } from './secret-redactor.ts';

describe('secretRedactor', () => {
  it('blanks secrets from the environment and the configuration, and URL passwords', async () => {
    const redact = secretRedactor(
      { DB_PASSWORD: 'hunter2-db', S3_SECRET_KEY: 's3-secret-value' },
      await configSecrets({
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
      }),
    );
    const text = redact(
      'auth failed for hunter2-db; key s3-secret-value; url postgres://u:inline-pw@h/n; from-url-pw',
    );
    expect(text).not.toMatch(/hunter2-db|s3-secret-value|inline-pw|from-url-pw/);
    expect(text).toBe('auth failed for ***; key ***; url postgres://u:***@h/n; ***');
  });

  it('blanks the S3 keys and an inline GCS private key that the configuration holds', async () => {
    const secrets = [
      ...(await configSecrets({
        objects: {
          driver: 'minio',
          endpoint: 'http://s3',
          bucket: 'b',
          accessKey: 'access-key-id',
          secretKey: 'secret-key-value',
          region: 'us-east-1',
          pathStyle: true,
        },
      })),
    ];
    expect(secrets.sort()).toEqual(['access-key-id', 'secret-key-value']);
    const redact = secretRedactor({}, secrets);
    expect(redact('signature for access-key-id with secret-key-value')).toBe('signature for *** with ***');
  });
});
