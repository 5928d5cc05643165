// A child process for the fault tests: runs one cross-store transaction and kills itself with
// SIGKILL at the phase named on its command line — no cleanup, no finally blocks, as a crash.
// argv: folder, namespace, phase, document id.
import type { TransactionPhase } from '@stowage/core';
import { CrossStoreDocument } from '@stowage/testkit';
import { openFaultStowage } from './fault-backends.test-support.ts';

const [folder, namespace, phase, documentId] = process.argv.slice(2) as [
  string,
  string,
  TransactionPhase,
  string,
];
const stowage = await openFaultStowage(
  { folder, namespace },
  {
    // A claim that expires at once, so the parent's recover() may take over.
    claimMs: 1,
    onPhase(reached) {
      if (reached === phase) process.kill(process.pid, 'SIGKILL');
    },
  },
);
await stowage.transaction(async (tx) => {
  await tx.objects.put('files/new-1.bin', Buffer.alloc(1024 * 1024, 7), {
    contentType: 'application/octet-stream',
  });
  await tx.objects.put('files/new-2.txt', 'second');
  await tx.objects.delete('files/old.txt');
  tx.cache.invalidate(['report']);
  await tx.repository(CrossStoreDocument).update(documentId, { title: 'after', fileKey: 'files/new-1.bin' });
});
// Reached only when the phase never came.
process.exit(3);
