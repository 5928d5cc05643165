// @stowage/cli: the `stowage` command, and what a stowage.config.ts imports.

export { type BackupSummary, DEFAULT_BACKUP_PREFIX, newestBackup } from './backup/newest-backup.ts';
export { defineConfig, type RetentionPolicy, type StowageCliConfig } from './cli-config/define-config.ts';
export { EXIT } from './errors/exit-codes.ts';
export { type RunCliOptions, runCli } from './run-cli.ts';
