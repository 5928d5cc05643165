// The last guard before anything is printed: every secret value the CLI knows of (passwords and
// keys from the environment and the configuration) is blanked wherever it appears, and URLs
// lose their passwords, whatever the message came from (a driver, a child process).
import { redactUrl, type StowageConfig } from '@stowage/core';
import { SECRET_VARIABLES } from '@stowage/core/internal';

const REDACTED = '***';

export type Redact = (text: string) => string;

export function secretRedactor(env: NodeJS.ProcessEnv, config?: Partial<StowageConfig>): Redact {
  const secrets = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) secrets.add(value);
  }
  const database = config?.database;
  if (database && database.driver !== 'sqlite') {
    if (database.password) secrets.add(database.password);
    for (const replica of database.replicas ?? []) if (replica.password) secrets.add(replica.password);
  }
  if (config?.objects?.driver === 'minio') {
    secrets.add(config.objects.secretKey);
    secrets.add(config.objects.accessKey);
  }
  // Longest first, so a secret containing another is blanked whole. Very short values would
  // blank ordinary words; a one- or two-character password is not worth hiding that way.
  const ordered = [...secrets].filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrl(text);
    for (const secret of ordered) out = out.split(secret).join(REDACTED);
    return out;
  };
}
