// The state checks of `stowage doctor`: migrations not yet applied, and the age of the newest
// backup against a threshold.

import type { CheckResult } from '@stowage/core';
import { failedCheck } from '@stowage/core/internal';
import { BackupStoreError } from '../backup/backup-store-error.ts';
import type { CliContext } from '../cli-context.ts';

export async function checkMigrations(context: CliContext): Promise<CheckResult> {
  try {
    const status = await (await context.migrations()).status();
    if (status.executed.length === 0 && status.pending.length === 0) {
      return {
        check: 'migrations',
        status: 'skip',
        detail: `no migrations in ${context.config.migrations.folder}`,
      };
    }
    if (status.pending.length > 0) {
      return {
        check: 'migrations',
        status: 'fail',
        detail: `${status.pending.length} pending: ${status.pending.join(', ')}`,
        fix: 'run `stowage migrate up`',
      };
    }
    return { check: 'migrations', status: 'ok', detail: `${status.executed.length} applied, none pending` };
  } catch (error) {
    return failedCheck(
      'migrations',
      error,
      'fix the database check first, or migrations.folder in stowage.config.ts',
    );
  }
}

export async function checkBackups(
  context: CliContext,
  maxAgeHours: number,
  now = Date.now(),
): Promise<CheckResult> {
  try {
    const store = await context.backupStore();
    // A damaged manifest is reported, not fatal: the age comes from the newest readable one.
    const { backups, damaged } = await store.list();
    const newest = backups.reduce<(typeof backups)[number] | undefined>(
      (best, b) => (best === undefined || b.finishedAt > best.finishedAt ? b : best),
      undefined,
    );
    const damage = damaged.length
      ? `; ${damaged.length} damaged (${damaged.map((d) => d.id).join(', ')}): \`stowage backup prune --remove-damaged\` deletes them`
      : '';
    if (!newest) {
      return {
        check: 'backups',
        status: 'fail',
        detail: `no usable backups in ${store.location}${damage}`,
        fix: 'run `stowage backup create` (and schedule it)',
      };
    }
    const ageHours = (now - Date.parse(newest.finishedAt)) / 3_600_000;
    const detail = `newest ${newest.id}, ${ageHours.toFixed(1)} h old${damage}`;
    if (ageHours > maxAgeHours) {
      return {
        check: 'backups',
        status: 'fail',
        detail: `${detail} (limit ${maxAgeHours} h)`,
        fix: 'run `stowage backup create`, and check the job that should run it',
      };
    }
    return { check: 'backups', status: damaged.length ? 'warn' : 'ok', detail };
  } catch (error) {
    const variables = error instanceof BackupStoreError ? error.variables : undefined;
    return failedCheck(
      'backups',
      error,
      `check ${variables ?? 'BACKUP_STORAGE_PATH or the object store settings'}`,
    );
  }
}
