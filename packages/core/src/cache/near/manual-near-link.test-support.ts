// A NearLink the test drives: it serves while `serving` is true, counts barriers, and delivers
// invalidations and losses when told to.
import type { NearLink, NearLinkListener } from './near-link.ts';

export interface ManualNearLink extends NearLink {
  serving(): boolean;
  setServing(serving: boolean): void;
  invalidate(keys: readonly string[] | null): void;
  lose(): void;
  readonly barriers: number;
}

export function manualNearLink(): ManualNearLink {
  let listener: NearLinkListener | undefined;
  let serving = true;
  let barriers = 0;
  return {
    serving: () => serving,
    setServing(next) {
      serving = next;
    },
    async barrier() {
      barriers += 1;
    },
    get barriers() {
      return barriers;
    },
    listen(next) {
      listener = next;
    },
    invalidate(keys) {
      listener?.invalidated(keys);
    },
    lose() {
      listener?.lost();
    },
    async close() {},
  };
}
