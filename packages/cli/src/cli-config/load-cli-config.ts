// Finds and reads the CLI configuration: `--config FILE`, else the first of stowage.config.ts /
// .mts / .js / .mjs in the working directory (Node 24 runs TypeScript files itself), else none.
// The Stowage configuration comes from the environment, with the file's `stowage` entries on top.
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type StowageConfig } from '@stowage/core';
import { z } from 'zod';
import { IDENTITY_VARIABLE, parseRecipients, RECIPIENTS_VARIABLE } from '../backup/backup-encryption.ts';
import { DEFAULT_BACKUP_PREFIX } from '../backup/newest-backup.ts';
import type { RetentionPolicy, StowageCliConfig } from './define-config.ts';

export const CONFIG_FILES = [
  'stowage.config.ts',
  'stowage.config.mts',
  'stowage.config.js',
  'stowage.config.mjs',
];

export interface ResolvedCliConfig {
  /** The file read, if any. */
  file: string | undefined;
  stowage: Partial<StowageConfig>;
  entities: StowageCliConfig['entities'];
  migrations: { folder: string; tableName: string; lockTimeoutMs?: number };
  backup: {
    prefix: string;
    retention: RetentionPolicy | undefined;
    maxAgeHours: number;
    compressionLevel: number | undefined;
    /** age recipients every backup is encrypted to (BACKUP_AGE_RECIPIENTS); none: not encrypted. */
    recipients: string[] | undefined;
    /** The file of age identities that decrypt backups (BACKUP_AGE_IDENTITY_FILE). */
    identityFile: string | undefined;
  };
}

const count = z.number().int().min(0);
const fileSchema = z.object({
  entities: z.array(z.any()).optional(),
  stowage: z.record(z.string(), z.unknown()).optional(),
  migrations: z
    .object({
      folder: z.string().min(1).optional(),
      tableName: z.string().min(1).optional(),
      lockTimeoutMs: z.number().int().positive().optional(),
    })
    .optional(),
  backup: z
    .object({
      prefix: z
        .string()
        .regex(/^([A-Za-z0-9._-]+\/)*$/, 'a folder such as "backups/" (ends with "/")')
        .optional(),
      retention: z
        .object({
          last: count.optional(),
          daily: count.optional(),
          weekly: count.optional(),
          monthly: count.optional(),
        })
        .strict()
        .optional(),
      maxAgeHours: z.number().positive().optional(),
      compressionLevel: z.number().int().min(1).max(9).optional(),
    })
    .optional(),
});

async function exists(path: string) {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function findConfigFile(explicit: string | undefined, cwd: string) {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!(await exists(path))) throw new ConfigError(`--config: no file at ${path}`, '--config');
    return path;
  }
  for (const name of CONFIG_FILES) {
    const path = resolve(cwd, name);
    if (await exists(path)) return path;
  }
  return undefined;
}

export async function loadCliConfig(
  options: { configFile?: string | undefined; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ResolvedCliConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = await findConfigFile(options.configFile, cwd);
  let raw: unknown = {};
  if (file) {
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      raw = mod.default ?? {};
    } catch (cause) {
      throw new ConfigError(`${file} could not be loaded: ${(cause as Error).message}`, file, { cause });
    }
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new ConfigError(`${file}: ${where}: ${issue?.message ?? 'invalid'}`, where);
  }
  const config = parsed.data as StowageCliConfig;
  const base = file ? dirname(file) : cwd;
  const env = options.env ?? process.env;
  const recipients = env[RECIPIENTS_VARIABLE] ? parseRecipients(env[RECIPIENTS_VARIABLE]) : undefined;
  const identityFile = env[IDENTITY_VARIABLE] ? resolve(cwd, env[IDENTITY_VARIABLE]) : undefined;
  return {
    file,
    // The environment first: a bad variable is a ConfigError naming it.
    stowage: { ...loadConfig(env), ...config.stowage },
    entities: config.entities,
    migrations: {
      folder: resolve(base, config.migrations?.folder ?? 'migrations'),
      tableName: config.migrations?.tableName ?? 'stowage_migrations',
      ...(config.migrations?.lockTimeoutMs === undefined
        ? {}
        : { lockTimeoutMs: config.migrations.lockTimeoutMs }),
    },
    backup: {
      prefix: config.backup?.prefix ?? DEFAULT_BACKUP_PREFIX,
      retention: config.backup?.retention,
      maxAgeHours: config.backup?.maxAgeHours ?? 26,
      compressionLevel: config.backup?.compressionLevel,
      recipients,
      identityFile,
    },
  };
}
