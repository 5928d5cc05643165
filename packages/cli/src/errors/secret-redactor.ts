// The last guard before anything is printed: every secret value the CLI knows of (passwords and
// keys from the environment, and those each backend's package finds in the configuration) is
// blanked wherever it appears, and URLs lose their passwords, whatever the message came from (a
// driver, a child process).
import type { StowageConfig } from '@stowage/core';
import { redactUrl } from '@stowage/core/adapter';
import { backendFacts, SECRET_VARIABLES } from '@stowage/core/internal';

const REDACTED = '***';

export type Redact = (text: string) => string;

export function secretRedactor(env: NodeJS.ProcessEnv, configSecrets: Iterable<string> = []): Redact {
  const secrets = new Set<string>(configSecrets);
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) secrets.add(value);
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

/**
 * The secrets in the configured backends, as their packages name them. A package that cannot be
 * loaded contributes none (its absence is reported by the command itself; the environment's
 * secret variables are blanked regardless).
 */
export async function configSecrets(config: Partial<StowageConfig> = {}): Promise<string[]> {
  const { database, cache, objects } = config;
  const secretsOf = async (collect: () => Promise<string[]>) => collect().catch(() => []);
  const found = await Promise.all([
    database ? secretsOf(async () => (await backendFacts('database', database)).secretsOf(database)) : [],
    cache ? secretsOf(async () => (await backendFacts('cache', cache)).secretsOf(cache)) : [],
    objects ? secretsOf(async () => (await backendFacts('objects', objects)).secretsOf(objects)) : [],
  ]);
  return found.flat();
}
