import { describe, expect, it } from 'vitest';
import { backendFacts } from './backend-facts.ts';

describe('gcs backendFacts', () => {
  it('names the inline private key as a secret, and nothing for a key file', () => {
    const inline = {
      driver: 'gcs' as const,
      bucket: 'b',
      credentials: {
        client_email: 'sa@p.iam',
        private_key: '-----BEGIN PRIVATE KEY-----x',
        private_key_id: 'kid-123',
      },
    };
    expect(backendFacts.secretsOf(inline).sort()).toEqual(['-----BEGIN PRIVATE KEY-----x', 'kid-123']);
    expect(backendFacts.secretsOf({ driver: 'gcs', bucket: 'b', keyFilename: '/k.json' })).toEqual([]);
    expect(backendFacts.describe(inline)).toBe('gs://b/');
  });
});
