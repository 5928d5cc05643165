// The auth client for explicit credentials. google-auth-library 11 deprecates loading credential
// JSON of any type (`credentials`, `keyFilename`, `fromJSON`), since a crafted external-account
// file can make the library fetch URLs; it asks callers to construct the client type they
// expect. Stowage expects service-account keys: each becomes a JWT client. Anything else
// named by GOOGLE_APPLICATION_CREDENTIALS is left to Application Default Credentials, which read
// that variable themselves.
import { readFileSync } from 'node:fs';
import { ConfigError } from '@stowage/core';
import { GoogleAuth, JWT } from 'google-auth-library';

const SCOPES = ['https://www.googleapis.com/auth/devstorage.full_control'];

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

function isServiceAccountKey(value: unknown): value is ServiceAccountKey {
  const key = value as Partial<ServiceAccountKey> | null;
  return typeof key?.client_email === 'string' && typeof key.private_key === 'string';
}

export function serviceAccountClient(
  credentials: Record<string, unknown>,
  variable = 'GCS_CREDENTIALS',
): GoogleAuth {
  if (!isServiceAccountKey(credentials)) {
    throw new ConfigError(
      `${variable}: expected a service-account key (JSON with client_email and private_key); for other credential types use Application Default Credentials`,
      variable,
    );
  }
  const client = new JWT({
    email: credentials.client_email,
    key: credentials.private_key,
    ...(credentials.private_key_id ? { keyId: credentials.private_key_id } : {}),
    scopes: SCOPES,
  });
  const auth = new GoogleAuth({ authClient: client });
  // The SDK's URL signer asks getCredentials() for client_email, which GoogleAuth answers from
  // jsonContent only (else it probes for a GCE metadata server); signing itself uses the JWT's key.
  auth.jsonContent = { client_email: credentials.client_email, private_key: credentials.private_key };
  return auth;
}

/** An auth client for a service-account key file, or undefined to let ADC read the file. */
export function keyFileClient(path: string): GoogleAuth | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    // The message names the path only: the file's content may be a key.
    throw new ConfigError(
      `GOOGLE_APPLICATION_CREDENTIALS: cannot read a JSON key file at ${path}`,
      'GOOGLE_APPLICATION_CREDENTIALS',
      { cause: new Error((error as NodeJS.ErrnoException).code ?? 'invalid JSON') },
    );
  }
  if (isServiceAccountKey(parsed)) return serviceAccountClient(parsed as unknown as Record<string, unknown>);
  if (path === process.env.GOOGLE_APPLICATION_CREDENTIALS) return undefined;
  throw new ConfigError(
    'GOOGLE_APPLICATION_CREDENTIALS: the key file is not a service-account key; point the GOOGLE_APPLICATION_CREDENTIALS environment variable at it to use it through Application Default Credentials',
    'GOOGLE_APPLICATION_CREDENTIALS',
  );
}
