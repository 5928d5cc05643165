// The dumps a backup tool has started and not finished, so its close() can stop them (killing the
// dump tool, ending the snapshot) instead of leaving them running. Shared by the three drivers.
import type { DumpSession } from '@stowage/core';

export interface RunningDumps {
  /** Remembers `session` until its `done` settles; returns it. */
  track(session: DumpSession): DumpSession;
  /** Aborts every running dump and waits for each to settle. */
  abortAll(): Promise<void>;
}

export function runningDumps(): RunningDumps {
  const running = new Set<DumpSession>();
  return {
    track(session) {
      running.add(session);
      const forget = () => running.delete(session);
      session.done.then(forget, forget);
      return session;
    },
    async abortAll() {
      for (const session of running) session.abort();
      await Promise.allSettled([...running].map((session) => session.done));
    },
  };
}
