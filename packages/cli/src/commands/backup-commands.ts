// `stowage backup create|list|restore|verify|prune`.
import { ConfigError, NotFoundError } from '@stowage/core';
import { type Command, InvalidArgumentError } from 'commander';
import { RECIPIENTS_VARIABLE, readIdentities } from '../backup/backup-encryption.ts';
import type { DamagedBackup } from '../backup/backup-store.ts';
import { createBackup } from '../backup/create-backup.ts';
import type { BackupManifest } from '../backup/manifest.ts';
import { pruneBackups } from '../backup/prune-backups.ts';
import { restoreBackup } from '../backup/restore-backup.ts';
import { verifyBackup } from '../backup/verify-backup.ts';
import type { RetentionPolicy } from '../cli-config/define-config.ts';
import type { CliContext } from '../cli-context.ts';
import { byteProgress, formatBytes } from '../output/byte-progress.ts';
import { action, type CliRuntime } from './command-runner.ts';

const count = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, such as 7');
  return Number(value);
};

const level = (value: string) => {
  if (!/^[1-9]$/.test(value)) throw new InvalidArgumentError('expected a gzip level from 1 to 9');
  return Number(value);
};

const damagedLine = (d: DamagedBackup) => `${d.id}  DAMAGED: ${d.reason}`;

const line = (m: BackupManifest) =>
  `${m.id}  ${formatBytes(m.size).padStart(10)}  ${m.tables.length} tables  migration ${m.lastMigration ?? '(none)'}`;

export function backupCommands(program: Command, runtime: CliRuntime) {
  const backup = program
    .command('backup')
    .description('back up, list, restore, verify and prune database backups')
    .addHelpText(
      'after',
      '\nBackups go to BACKUP_STORAGE_PATH when set, else to the object store under backups/ (backup.prefix in stowage.config.ts).',
    );

  backup
    .command('create')
    .description('dump the database with its own tool, gzip, checksum and store it with a manifest')
    .option(
      '--compression-level <1-9>',
      'gzip level: 1 fastest, 9 smallest (default 6, or backup.compressionLevel)',
      level,
    )
    .option('--encrypt', `encrypt with age to ${RECIPIENTS_VARIABLE} (always, once it is set)`)
    .action(
      action(runtime, async (context, options: { compressionLevel?: number; encrypt?: boolean }) => {
        const { recipients } = context.config.backup;
        // Fail closed: asked to encrypt with nobody to encrypt to, nothing is dumped or stored.
        if (options.encrypt && !recipients) {
          throw new ConfigError(
            `backup create --encrypt: set ${RECIPIENTS_VARIABLE} to the age recipients (age1…) to encrypt to`,
            RECIPIENTS_VARIABLE,
          );
        }
        const [tool, store] = await Promise.all([context.backupTool(), context.backupStore()]);
        const manifest = await createBackup({
          tool,
          store,
          migrationsTable: context.config.migrations.tableName,
          progress: byteProgress(context.reporter, 'backup'),
          compressionLevel: options.compressionLevel ?? context.config.backup.compressionLevel,
          recipients,
        });
        context.reporter.result(manifest, [`created ${line(manifest)}`, `stored in ${store.location}`]);
      }),
    );

  backup
    .command('list')
    .description('list complete backups, newest first')
    .action(
      action(runtime, async (context) => {
        const store = await context.backupStore();
        const { backups, damaged } = await store.list();
        // Damaged backups are listed (so they can be found and pruned), never fatal to the list.
        const rows = [...backups, ...damaged.map((d) => ({ id: d.id, damaged: true, reason: d.reason }))];
        context.reporter.result(
          rows,
          rows.length
            ? [...backups.map(line), ...damaged.map(damagedLine)]
            : [`no backups in ${store.location}`],
        );
        if (damaged.length > 0) {
          context.reporter.warn(
            `${damaged.length} damaged backup(s); \`stowage backup prune --remove-damaged\` deletes them`,
          );
        }
      }),
    );

  backup
    .command('restore')
    .description('restore a backup into the database (or --to another one on the same server)')
    .argument('<id>', 'the backup id, as `stowage backup list` shows it')
    .option('--to <database>', 'restore into this database (SQLite: this file) instead of the configured one')
    .option('--force', 'replace the tables of a database that is not empty')
    .action(
      action(runtime, async (context, id: string, options: { to?: string; force?: boolean }) => {
        const [tool, store] = await Promise.all([context.backupTool(), context.backupStore()]);
        const manifest = await store.read(id);
        const report = await restoreBackup({
          tool,
          store,
          manifest,
          target: options.to,
          force: options.force === true,
          progress: byteProgress(context.reporter, 'download', manifest.size),
          identities: await identitiesFor(context, manifest),
        });
        context.reporter.result(report, [
          `restored ${report.manifest.id} into ${report.target}: ${report.tables} tables, row counts and checksums equal to the backup's`,
          ...(report.untouched.length
            ? [`left as they were (not in the backup): ${report.untouched.join(', ')}`]
            : []),
        ]);
      }),
    );

  backup
    .command('verify')
    .description(
      "restore a backup into a scratch database and compare every table with the backup's checksums",
    )
    .argument('[id]', 'the backup id (default: the newest)')
    .action(
      action(runtime, async (context, id: string | undefined) => {
        const [tool, store] = await Promise.all([context.backupTool(), context.backupStore()]);
        const manifest = id === undefined ? await store.newest() : await store.read(id);
        if (!manifest) {
          throw new NotFoundError(
            `No backups in ${store.location}; create one with \`stowage backup create\``,
          );
        }
        const report = await verifyBackup({
          tool,
          store,
          manifest,
          progress: byteProgress(context.reporter, 'download', manifest.size),
          identities: await identitiesFor(context, manifest),
        });
        context.reporter.result(report, [
          `verified ${report.manifest.id}: ${report.tables} tables, ${report.rows} rows, checksums equal`,
        ]);
      }),
    );

  backup
    .command('prune')
    .description('delete the backups the retention policy does not keep')
    .option('--keep-last <n>', 'keep the newest n', count)
    .option('--keep-daily <n>', 'keep the newest backup of each of the last n days', count)
    .option('--keep-weekly <n>', 'keep the newest backup of each of the last n ISO weeks', count)
    .option('--keep-monthly <n>', 'keep the newest backup of each of the last n months', count)
    .option(
      '--remove-damaged',
      'also delete backups whose manifest is damaged (default: keep and report them)',
    )
    .option('--dry-run', 'only say what would be deleted')
    .action(
      action(
        runtime,
        async (
          context,
          options: {
            keepLast?: number;
            keepDaily?: number;
            keepWeekly?: number;
            keepMonthly?: number;
            dryRun?: boolean;
            removeDamaged?: boolean;
          },
        ) => {
          const flags: RetentionPolicy = {
            ...(options.keepLast === undefined ? {} : { last: options.keepLast }),
            ...(options.keepDaily === undefined ? {} : { daily: options.keepDaily }),
            ...(options.keepWeekly === undefined ? {} : { weekly: options.keepWeekly }),
            ...(options.keepMonthly === undefined ? {} : { monthly: options.keepMonthly }),
          };
          const policy = Object.keys(flags).length > 0 ? flags : (context.config.backup.retention ?? {});
          const store = await context.backupStore();
          const report = await pruneBackups(store, policy, {
            dryRun: options.dryRun === true,
            removeDamaged: options.removeDamaged === true,
          });
          const verb = report.dryRun ? 'would delete' : 'deleted';
          context.reporter.result(report, [
            ...report.keep.map((k) => `keep    ${k.id}  (${k.reasons.join(', ')})`),
            ...report.remove.map((id) => `${verb.padEnd(7)} ${id}`),
            ...report.incomplete.map(
              (id) => `${verb.padEnd(7)} ${id}  (incomplete: a dump without a manifest)`,
            ),
            ...report.damaged.map((d) =>
              options.removeDamaged
                ? `${verb.padEnd(7)} ${d.id}  (damaged: ${d.reason})`
                : `skip    ${d.id}  (damaged: ${d.reason}; --remove-damaged deletes it)`,
            ),
            `${report.keep.length} kept, ${report.remove.length} ${verb}`,
          ]);
        },
      ),
    );
}

/** The identities an encrypted backup needs (read only then): BACKUP_AGE_IDENTITY_FILE's. */
async function identitiesFor(context: CliContext, manifest: BackupManifest): Promise<string[] | undefined> {
  return manifest.encryption === 'age' ? readIdentities(context.config.backup.identityFile) : undefined;
}
