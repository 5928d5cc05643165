// Which backups a retention policy keeps: the newest `last`, plus the newest backup of each of
// the most recent `daily` days, `weekly` ISO weeks and `monthly` months that have a backup (the
// rules restic and borg use). Calendar buckets are UTC. A backup kept by several rules is kept
// once, with every reason.
import { ConfigError } from '@stowage/core';
import type { RetentionPolicy } from '../cli-config/define-config.ts';

export interface Dated {
  id: string;
  startedAt: string;
}

export interface RetentionDecision {
  /** Kept ids (newest first) with the rules that keep each. */
  keep: { id: string; reasons: string[] }[];
  /** Ids to delete, newest first. */
  remove: string[];
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const month = (date: Date) => date.toISOString().slice(0, 7);

/** ISO 8601 week, e.g. "2026-W48" (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: Date): string {
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function assertPolicy(policy: RetentionPolicy): void {
  const rules = [policy.last, policy.daily, policy.weekly, policy.monthly];
  if (!rules.some((n) => n !== undefined && n > 0)) {
    throw new ConfigError(
      'No retention policy: pass --keep-last, --keep-daily, --keep-weekly or --keep-monthly (at least one above 0), or set backup.retention in stowage.config.ts',
      'backup.retention',
    );
  }
}

export function applyRetention(backups: readonly Dated[], policy: RetentionPolicy): RetentionDecision {
  assertPolicy(policy);
  const newestFirst = [...backups].sort(
    (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
  );
  const reasons = new Map<string, string[]>();
  const keep = (id: string, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);

  for (const backup of newestFirst.slice(0, policy.last ?? 0)) keep(backup.id, 'last');
  const buckets: [string, number | undefined, (date: Date) => string][] = [
    ['daily', policy.daily, day],
    ['weekly', policy.weekly, isoWeek],
    ['monthly', policy.monthly, month],
  ];
  for (const [rule, limit, bucketOf] of buckets) {
    if (!limit) continue;
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= limit) break;
      const bucket = bucketOf(new Date(backup.startedAt));
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      keep(backup.id, `${rule} ${bucket}`);
    }
  }
  return {
    keep: newestFirst
      .filter((b) => reasons.has(b.id))
      .map((b) => ({ id: b.id, reasons: reasons.get(b.id) ?? [] })),
    remove: newestFirst.filter((b) => !reasons.has(b.id)).map((b) => b.id),
  };
}
