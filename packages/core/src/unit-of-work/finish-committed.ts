// After the commit, in the committing process: apply the transaction's outbox entry (ordered
// after earlier transactions on the same object keys) under the claim its commit gave it, with
// the phase hooks the fault tests stop at. A lost staged body is an IntegrityError; any other
// failure is an UnavailableError marked `committed`, the row left to recover().
import { unitOfWorkChannel } from '../diagnostics/diagnostic-channels.ts';
import type { UnitOfWorkContext } from '../diagnostics/diagnostic-contexts.ts';
import { traced } from '../diagnostics/traced.ts';
import { IntegrityError, UnavailableError } from '../errors/error-classes.ts';
import { applyOutboxEntry, entryFinisher } from './apply-outbox-entry.ts';
import type { CrossStoreOptions } from './cross-store-transaction.ts';
import { ClaimLost, OutboxClaim } from './outbox-claim.ts';
import type { OutboxRow } from './outbox-entity.ts';
import type { TransactionStep } from './transaction-steps.ts';
import { untilFinished } from './wait-for-earlier-entries.ts';

const isCacheStep = (step: TransactionStep) => step.op === 'invalidate' || step.op === 'invalidateTags';

/**
 * Applies the steps of a committed transaction, then deletes its outbox row. A promote whose body
 * was lost is an IntegrityError (the rest is done, the row deleted); any other failure leaves the
 * row for recover() — released at once, so a later transaction on the same keys need not wait.
 */
export function finishCommitted(
  options: CrossStoreOptions,
  row: OutboxRow,
  steps: readonly TransactionStep[],
  staged: readonly string[],
): Promise<void> {
  return traced(
    unitOfWorkChannel,
    (): UnitOfWorkContext => ({ operation: 'promote', transactionId: row.id, steps: steps.length }),
    (context) => applyCommitted(options, row, steps, staged, context),
  );
}

async function applyCommitted(
  options: CrossStoreOptions,
  row: OutboxRow,
  steps: readonly TransactionStep[],
  staged: readonly string[],
  context: UnitOfWorkContext | undefined,
): Promise<void> {
  const claim = OutboxClaim.ofCommitted(options.database, row, options.claimMs);
  let lost: string[];
  try {
    await options.onPhase?.('after-commit');
    let inCache = false;
    let promoted: number;
    ({ lost, promoted } = await applyOutboxEntry(options, { id: row.id, steps }, claim, {
      staged,
      beforeStep: async (step) => {
        if (inCache || !isCacheStep(step)) return;
        inCache = true;
        await options.onPhase?.('before-cache');
      },
      afterStep: async (step) => {
        if (!isCacheStep(step)) await options.onPhase?.('after-object-step');
      },
    }));
    if (context) {
      context.objects = promoted;
      context.lost = lost.length;
    }
  } catch (error) {
    // Taken over (this process outlived its claim): done once the taker has finished the row.
    if (error instanceof ClaimLost) {
      await untilFinished(row.id, entryFinisher(options)).catch((failure: unknown) => {
        throw stepsFailed(options, row.id, failure);
      });
      return;
    }
    await claim.release().catch(() => {});
    throw stepsFailed(options, row.id, error);
  }
  if (lost.length > 0) {
    throw new IntegrityError(
      `the transaction committed, but the staged bodies of ${lost.map((key) => JSON.stringify(key)).join(', ')} were gone before they were placed`,
      { context: { committed: true, outboxId: row.id, keys: lost } },
    );
  }
}

function stepsFailed(options: CrossStoreOptions, outboxId: string, cause: unknown): UnavailableError {
  return UnavailableError.backend(
    options.objects.backend,
    `the transaction committed, but its object and cache steps did not all complete; stowage.recover() finishes them (outbox ${outboxId})`,
    { cause, context: { committed: true, outboxId } },
  );
}
