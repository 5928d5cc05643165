// The checker of the cross-process race tests: once a write has returned, no read that started
// after it may return an older version. Each process logs its writes' returns and its reads'
// starts on the machine's monotonic clock (process.hrtime: CLOCK_MONOTONIC, one clock for every
// process), so the logs of all processes can be checked together afterwards.

/** [key, version, returned at µs] */
export type WriteLog = [number, number, number];
/** [key, started at µs, version seen; -1 for none] */
export type ReadLog = [number, number, number];

export interface RaceLog {
  writes: WriteLog[];
  reads: ReadLog[];
}

/** Microseconds on the clock every process on the machine shares. */
export const raceClock = (): number => Number(process.hrtime.bigint() / 1000n);

/** Every read older than a write of its key that had returned before it started, described. */
export function staleReads(logs: readonly RaceLog[]): string[] {
  const returned = new Map<number, [number, number][]>(); // key → [returned at, version], by time
  for (const log of logs) {
    for (const [key, version, at] of log.writes) {
      const list = returned.get(key) ?? [];
      list.push([at, version]);
      returned.set(key, list);
    }
  }
  for (const list of returned.values()) list.sort((a, b) => a[0] - b[0]);
  const stale: string[] = [];
  for (const log of logs) {
    for (const [key, started, seen] of log.reads) {
      // -1 (nothing read) is stale only once a write had returned.
      let floor = -1;
      for (const [at, version] of returned.get(key) ?? []) {
        if (at >= started) break;
        floor = Math.max(floor, version);
      }
      if (seen < floor) stale.push(`key ${key}: read v${seen} after v${floor} had returned`);
    }
  }
  return stale;
}
