// The newest backup → stowage.backup.age and stowage.backup.size (experimental gauges), read
// through the application's `backups` function — e.g. `newestBackup(stowage.objects)` from
// @stowage/cli — at most once per `everyMs` (a listing and a manifest read on the object store),
// so a scrape every few seconds does not list the bucket each time. No backup: no point, and an
// alert on `absent(stowage_backup_age)` fires.
import { diag, type Meter } from '@opentelemetry/api';
import { METRICS } from './attribute-names.ts';

/** What the gauges need of the newest backup (@stowage/cli's BackupSummary has it). */
export interface NewestBackup {
  readonly finishedAt: Date;
  /** Its stored size, in bytes. */
  readonly bytes: number;
}

export interface BackupsOption {
  /** The newest complete backup, or undefined when there is none. */
  read(): Promise<NewestBackup | undefined>;
  /** How long a reading is reused, in milliseconds. Default 60,000. */
  everyMs?: number;
}

const DEFAULT_EVERY_MS = 60_000;

/** Starts observing; the returned function stops. */
export function observeBackups(meter: Meter, backups: BackupsOption | undefined, now = Date.now): () => void {
  if (!backups) return () => {};
  const every = backups.everyMs ?? DEFAULT_EVERY_MS;
  let reading: { at: number; newest: Promise<NewestBackup | undefined> } | undefined;
  const newest = () => {
    if (!reading || now() - reading.at >= every) {
      const read = backups.read();
      // A failed read is tried again at the next collection, not kept for a minute.
      reading = { at: now(), newest: read };
      read.catch(() => {
        if (reading?.newest === read) reading = undefined;
      });
    }
    return reading.newest;
  };
  const age = meter.createObservableGauge(METRICS.backupAge, {
    description: 'Time since the newest complete backup finished.',
    unit: 's',
  });
  const size = meter.createObservableGauge(METRICS.backupSize, {
    description: 'Stored (gzip) size of the newest complete backup.',
    unit: 'By',
  });
  const observe: Parameters<Meter['addBatchObservableCallback']>[0] = async (result) => {
    let found: NewestBackup | undefined;
    try {
      found = await newest();
    } catch (error) {
      diag.warn('@stowage/otel: the newest backup could not be read', error);
      return;
    }
    if (!found) return;
    result.observe(age, Math.max(0, (now() - found.finishedAt.getTime()) / 1000));
    result.observe(size, found.bytes);
  };
  meter.addBatchObservableCallback(observe, [age, size]);
  return () => meter.removeBatchObservableCallback(observe, [age, size]);
}
