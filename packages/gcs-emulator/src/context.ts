// What every request handler can reach: the store, open resumable sessions and signed-URL keys.
import type { KeyObject } from 'node:crypto';
import type { ResumableSession } from './resumable-session.ts';
import type { Store } from './store.ts';

export interface EmulatorContext {
  readonly store: Store;
  readonly sessions: Map<string, ResumableSession>;
  /** client_email (or "*") → key that verifies V4 signed URLs. */
  readonly signingKeys: ReadonlyMap<string, KeyObject>;
}
