// Where a repository's statements run: outside a transaction each on a pooled connection (reads
// on a replica when replicas are configured), inside one on the transaction's own connection.
import type { StatementRunner } from '../dialect/driver-sessions.ts';

export interface RepositoryScope {
  readonly inTransaction: boolean;
  /** The runner for one statement; 'read' may go to a replica outside transactions. */
  runner(role: 'read' | 'write'): StatementRunner;
  /** Runs statements that must land together: in the transaction, or in one of their own. */
  atomically<T>(work: (runner: StatementRunner) => Promise<T>): Promise<T>;
}
